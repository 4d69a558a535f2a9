import { mapWithConcurrency } from '../../concurrency.js';
import { expectSuccess, parseAnswer } from './answers.js';
import { implausibleAnswer, type PortainerError } from '../errors.js';
import type { Send } from './send.js';
import { callName, type Answer, type Call } from '../transport/transport.js';
import * as wire from '../wire/wire-environments.js';

/**
 * Environments, environment groups and roles: the reads a plan of access
 * needs and the two writes that change it. Each function takes the client's
 * authenticated `send`, like teams.ts.
 */

/** Portainer's own UI asks for 100 at a time; fewer, bigger pages would be as good. */
export const ENVIRONMENT_PAGE_SIZE = 100;

/**
 * The most environments read from one Portainer: far more than any has (the
 * largest fleets have tens of thousands), and few enough that a server whose
 * pages never end is stopped after at most this many / 100 requests. A count
 * above it is refused at once.
 */
export const MAX_ENVIRONMENTS = 1_000_000;

export interface EnvironmentPage {
  /** Those `keep` kept (all without it). */
  environments: wire.Environment[];
  /** How many the page held before `keep`: a page shorter than asked for is the last. */
  read: number;
  /** The Id of every environment the page held, kept or not. */
  ids: number[];
  /** `X-Total-Count`: how many the filters let through, before paging; undefined when the server sent none. */
  total?: number;
}

/**
 * One page of `GET /endpoints`. `start` is 1-based (Portainer subtracts one;
 * 0 and 1 both begin at the first), and snapshots are left out: they are large.
 */
export async function listEnvironmentPage(send: Send, start: number, limit: number, keep?: (name: string) => boolean): Promise<EnvironmentPage> {
  const call: Call = { method: 'GET', route: `endpoints?start=${start}&limit=${limit}&excludeSnapshots=true` };
  const answer = expectSuccess(call, await send(call));
  const environments =
    wire.readEnvironmentList(answer.json, keep) ??
    parseAnswer(call, answer, wire.environmentListSchema, 'a list of environments').filter((environment) => !keep || keep(environment.name));
  // Every item's Id was checked above, kept or not.
  const ids = (answer.json as { Id: number }[]).map((item) => item.Id);
  const total = totalOf(call, answer);
  return total === undefined ? { environments, read: ids.length, ids } : { environments, total, read: ids.length, ids };
}

/**
 * Every environment, in pages: the first page says how many there are, then
 * the rest are read `concurrency` at a time, never more pages than that count
 * needs. A server that sends no count is read page after page until a short
 * one, up to `MAX_ENVIRONMENTS`. A page that adds no environment the earlier
 * ones had not (a server ignoring `start`, a count that lies) stops the read
 * with a sentence naming the call. With `keep`, only the environments it
 * keeps are returned.
 */
export async function listEnvironments(send: Send, concurrency: number, keep?: (name: string) => boolean, pageSize = ENVIRONMENT_PAGE_SIZE): Promise<wire.Environment[]> {
  const first = await listEnvironmentPage(send, 1, pageSize, keep);
  const seen = new PagesSeen(first);
  if (first.total === undefined) return readUntilShortPage(send, seen, first, pageSize, keep);
  const { total } = first;
  const starts: number[] = [];
  if (first.read < total) for (let start = 1 + pageSize; start <= total; start += pageSize) starts.push(start);
  const pages = await mapWithConcurrency(starts, concurrency, async (start) => {
    const page = await listEnvironmentPage(send, start, pageSize, keep);
    seen.add(page, start, `its X-Total-Count promised ${total}`);
    return page.environments;
  });
  return dedupe([first.environments, ...pages].flat());
}

async function readUntilShortPage(send: Send, seen: PagesSeen, first: EnvironmentPage, pageSize: number, keep?: (name: string) => boolean): Promise<wire.Environment[]> {
  const all = [...first.environments];
  let { read } = first;
  while (read === pageSize) {
    const start = seen.count + 1;
    if (start > MAX_ENVIRONMENTS) throw endlessPages(start, pageSize);
    const page = await listEnvironmentPage(send, start, pageSize, keep);
    seen.add(page, start, 'it sent no X-Total-Count and the page before was full');
    all.push(...page.environments);
    read = page.read;
  }
  return dedupe(all);
}

/** The Ids every page read so far held: a page must add at least one. */
class PagesSeen {
  readonly #ids = new Set<number>();
  count = 0;

  constructor(first: EnvironmentPage) {
    for (const id of first.ids) this.#ids.add(id);
    this.count = first.read;
  }

  add(page: EnvironmentPage, start: number, promise: string): void {
    const before = this.#ids.size;
    for (const id of page.ids) this.#ids.add(id);
    if (this.#ids.size === before) throw pageAddsNothing(start, page.read, promise);
    this.count += page.read;
  }
}

function pageAddsNothing(start: number, read: number, promise: string): PortainerError {
  const what = read === 0 ? 'no environment' : 'only environments the earlier pages had';
  return implausibleAnswer(pageCall(start), undefined, `answered ${what}, though ${promise}`);
}

function endlessPages(start: number, pageSize: number): PortainerError {
  return implausibleAnswer(pageCall(start, pageSize), undefined, `would read past ${MAX_ENVIRONMENTS.toLocaleString('en')} environments: the server sends full pages without end and no X-Total-Count`);
}

function pageCall(start: number, pageSize = ENVIRONMENT_PAGE_SIZE) {
  return callName({ method: 'GET', route: `endpoints?start=${start}&limit=${pageSize}&excludeSnapshots=true` });
}

/**
 * One environment listed twice (the same Id and name, as a page shift could
 * show it) is kept once; two environments with one Id and different names are
 * both kept, for the planner to refuse (`observed.duplicate-id`).
 */
function dedupe(environments: wire.Environment[]): wire.Environment[] {
  const firstName = new Map<number, string>();
  return environments.filter((environment) => {
    const name = firstName.get(environment.id);
    if (name === undefined) firstName.set(environment.id, environment.name);
    return name !== environment.name;
  });
}

/** Undefined: no environment has that id (404). */
export async function inspectEnvironment(send: Send, id: number): Promise<wire.Environment | undefined> {
  const call: Call = { method: 'GET', route: `endpoints/${id}?excludeSnapshots=true` };
  const answer = await send(call);
  return answer.status === 404 ? undefined : parseAnswer(call, answer, wire.environmentSchema, 'an environment');
}

/** What a PUT of access found: the environment or group was there (and is updated), or no longer is (404). */
export type AccessUpdated = 'updated' | 'not-found';

/**
 * Admin only. Each map sent replaces the stored one whole; one left out is
 * kept. Portainer answers with the object, which is not needed: the caller
 * re-reads when it must know.
 */
export async function updateEnvironmentAccess(send: Send, id: number, update: wire.AccessUpdate): Promise<AccessUpdated> {
  return accessUpdate({ method: 'PUT', route: `endpoints/${id}`, json: wire.accessUpdateJson(update) }, send);
}

/** Every group in one read (filtered for non-admins); names are not unique. */
export async function listEnvironmentGroups(send: Send): Promise<wire.EnvironmentGroup[]> {
  const call: Call = { method: 'GET', route: 'endpoint_groups' };
  return parseAnswer(call, await send(call), wire.environmentGroupListSchema, 'a list of environment groups');
}

/** Admin only. Undefined: no group has that id (404). */
export async function inspectEnvironmentGroup(send: Send, id: number): Promise<wire.EnvironmentGroup | undefined> {
  const call: Call = { method: 'GET', route: `endpoint_groups/${id}` };
  const answer = await send(call);
  return answer.status === 404 ? undefined : parseAnswer(call, answer, wire.environmentGroupSchema, 'an environment group');
}

/** Admin only; the same replace-whole rule. */
export async function updateEnvironmentGroupAccess(send: Send, id: number, update: wire.AccessUpdate): Promise<AccessUpdated> {
  return accessUpdate({ method: 'PUT', route: `endpoint_groups/${id}`, json: wire.accessUpdateJson(update) }, send);
}

async function accessUpdate(call: Call, send: Send): Promise<AccessUpdated> {
  const answer = await send(call);
  if (answer.status === 404) return 'not-found';
  expectSuccess(call, answer);
  return 'updated';
}

/**
 * Admin only. Community Edition answers `[]`; Business Edition its roles (1
 * environment administrator ... 5 operator). A server without the route
 * (404) has no roles either: any grant is access there.
 */
export async function listRoles(send: Send): Promise<wire.EnvironmentRole[]> {
  const call: Call = { method: 'GET', route: 'roles' };
  const answer = await send(call);
  if (answer.status === 404) return [];
  return parseAnswer(call, answer, wire.roleListSchema, 'a list of roles');
}

/** `X-Total-Count`: undefined when absent; a count that is no count, or beyond `MAX_ENVIRONMENTS`, stops the read. */
function totalOf(call: Call, answer: Answer): number | undefined {
  const raw = answer.headers.get('x-total-count');
  if (raw === null) return undefined;
  const digits = raw.trim();
  if (!/^\d{1,16}$/.test(digits)) return tooMany(call, answer, `answered X-Total-Count: ${JSON.stringify(digits.slice(0, 40))}, which is not a count`);
  const total = Number(digits);
  if (total > MAX_ENVIRONMENTS) return tooMany(call, answer, `says there are ${digits} environments (X-Total-Count), more than the ${MAX_ENVIRONMENTS.toLocaleString('en')} this tool reads`);
  return total;
}

function tooMany(call: Call, answer: Answer, sentence: string): never {
  throw implausibleAnswer(callName(call), answer.status, sentence);
}
