import { mapWithConcurrency } from '../concurrency.js';
import { expectSuccess, parseAnswer } from './answers.js';
import type { Send } from './teams.js';
import type { Answer, Call } from './transport.js';
import * as wire from './wire-environments.js';

/**
 * Environments, environment groups and roles: the reads a plan of access
 * needs and the two writes that change it. Each function takes the client's
 * authenticated `send`, like teams.ts.
 */

/** Portainer's own UI asks for 100 at a time; fewer, bigger pages would be as good. */
export const ENVIRONMENT_PAGE_SIZE = 100;

export interface EnvironmentPage {
  /** Those `keep` kept (all without it). */
  environments: wire.Environment[];
  /** How many the page held before `keep`: a page shorter than asked for is the last. */
  read: number;
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
  const read = Array.isArray(answer.json) ? answer.json.length : 0;
  const environments =
    wire.readEnvironmentList(answer.json, keep) ??
    parseAnswer(call, answer, wire.environmentListSchema, 'a list of environments').filter((environment) => !keep || keep(environment.name));
  const total = totalOf(answer);
  return total === undefined ? { environments, read } : { environments, total, read };
}

/**
 * Every environment, in pages: the first page says how many there are, then
 * the rest are read `concurrency` at a time. A server that sends no count is
 * read page after page until a short one. With `keep`, only the environments
 * it keeps are returned.
 */
export async function listEnvironments(send: Send, concurrency: number, keep?: (name: string) => boolean, pageSize = ENVIRONMENT_PAGE_SIZE): Promise<wire.Environment[]> {
  const first = await listEnvironmentPage(send, 1, pageSize, keep);
  if (first.total === undefined) return readUntilShortPage(send, first, pageSize, keep);
  const starts: number[] = [];
  for (let start = 1 + pageSize; start <= first.total; start += pageSize) starts.push(start);
  const pages = await mapWithConcurrency(starts, concurrency, async (start) => (await listEnvironmentPage(send, start, pageSize, keep)).environments);
  return dedupeById([first.environments, ...pages].flat());
}

async function readUntilShortPage(send: Send, first: EnvironmentPage, pageSize: number, keep?: (name: string) => boolean): Promise<wire.Environment[]> {
  const all = [...first.environments];
  let { read } = first;
  let seen = read;
  while (read === pageSize) {
    const page = await listEnvironmentPage(send, seen + 1, pageSize, keep);
    all.push(...page.environments);
    read = page.read;
    seen += read;
  }
  return dedupeById(all);
}

/** An environment added or removed between two page reads shifts the pages: one seen twice is kept once. */
function dedupeById(environments: wire.Environment[]): wire.Environment[] {
  const seen = new Set<number>();
  return environments.filter((environment) => !seen.has(environment.id) && seen.add(environment.id) !== undefined);
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

function totalOf(answer: Answer): number | undefined {
  const raw = answer.headers.get('x-total-count');
  return raw !== null && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined;
}
