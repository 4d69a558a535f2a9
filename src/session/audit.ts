import { readFile } from 'node:fs/promises';
import { AuditReportError, buildReport, parseAuditReport, parseAuditReview, type AuditReport, type AuditReview, type AuditServer, type AuditUserRecord } from '../audit/index.js';
import { describeReadFailure } from '../files/read-failure.js';
import { mapWithConcurrency } from '../concurrency.js';
import { issueLine, loadManifest, type LoadedManifest, type ManifestCache } from '../manifest/index.js';
import type { PortainerClient, UserSummary } from '../portainer/index.js';
import { observeTeams } from '../state/observe-teams.js';
import { connect, reachEarly, TargetError, type Connection } from './connection.js';
import { readInstance } from './instance.js';
import { asAdministrator } from './require-admin.js';
import type { Target } from './target.js';

export interface AuditRequest {
  /** A manifest (or several, layered in order) for its admin's credentials; the URL and credentials may come from the target alone. */
  manifest?: string | readonly string[];
  /** Manifest files read and parsed once per run (a fleet). */
  cache?: ManifestCache;
  /** Unix seconds: what `--stale-after` counts back from. */
  now: number;
  /** `--stale-after` in seconds: keys never used or unused this long are stale. */
  staleAfterSeconds?: number;
}

/**
 * An access review of one Portainer, read with the fewest requests: the
 * user list, the teams and the memberships once each, the environments in
 * pages, the groups and the roles once each, the instance once, and one key
 * list per user. Changes nothing. A target with a pinned instance (a fleet's)
 * is checked before any credential is sent.
 */
export async function prepareAudit(target: Target, request: AuditRequest): Promise<AuditReport> {
  // The public reads need only the URL: sent first, they are answered while the manifest is read.
  const reached = reachEarly(target);
  const instance = reached?.publicClient ? readInstance(reached.publicClient, reached.target, target.instanceId) : undefined;
  const loaded = request.manifest === undefined ? undefined : await loadManifest(request.manifest, request.cache ? { cache: request.cache } : {});
  for (const warning of loaded?.warnings ?? []) target.onWarning?.(issueLine(warning));
  const connection = connect(target, loaded, reached);
  const instanceId = instance ?? readInstance(connection.publicClient, connection.target, target.instanceId);
  // Another instance than the pinned one is refused here, before the first authenticated request.
  if (target.instanceId !== undefined) await instanceId;
  const server = await readAuditServer(connection, loaded, instanceId);
  const { staleAfterSeconds } = request;
  return buildReport(server, { now: request.now, ...(staleAfterSeconds === undefined ? {} : { staleAfterSeconds }) });
}

/**
 * Everything the review needs from one server, as plain data. `instance` is
 * the instance read already under way (`readInstance`); without it, it is
 * read here, as plan reads it (`/system/status`, else `/status`).
 */
export async function readAuditServer(connection: Connection, loaded?: LoadedManifest, instance?: Promise<string | undefined>): Promise<AuditServer> {
  const instanceId = instance ?? readInstance(connection.publicClient, connection.target, undefined);
  const adminCheck = connection.publicClient.adminExists();
  const runningAs = connection.runningAs ?? loaded?.manifest.admin?.username ?? '';
  const client = connection.client;
  const concurrency = connection.concurrency;
  const users = client.listUsers();
  const reads = Promise.all([
    users.then((list) => readUsers(client, list, concurrency)),
    observeTeams(client, users),
    client.listEnvironments(concurrency),
    client.listEnvironmentGroups(),
    client.listRoles(),
  ]);
  // All sent at once; a failure of one is met where it is awaited, never as an unhandled rejection.
  reads.catch(() => undefined);
  adminCheck.catch(() => undefined);
  if (!(await adminCheck)) throw new TargetError('the server has no administrator yet: there is no access to review');
  const [userRecords, teams, environments, groups, roles] = await asAdministrator(reads, runningAs);
  return {
    target: connection.target,
    instanceId: (await instanceId) ?? null,
    users: userRecords,
    teams: teams.map((team) => ({ id: team.id, name: team.name })),
    memberships: teams.flatMap((team) => team.members.map((member) => ({ id: member.membershipId, userId: member.userId, teamId: team.id, role: member.role }))),
    environments: environments.map((environment) => ({ id: environment.id, name: environment.name, groupId: environment.groupId, userAccess: environment.userAccess, teamAccess: environment.teamAccess })),
    groups: groups.map((group) => ({ id: group.id, name: group.name, userAccess: group.userAccess, teamAccess: group.teamAccess })),
    roles,
  };
}

/**
 * One key list per user; another administrator's keys Portainer shows to that
 * administrator alone. A user deleted since the list was read is left out.
 */
async function readUsers(client: PortainerClient, users: readonly UserSummary[], concurrency: number): Promise<AuditUserRecord[]> {
  const records = await mapWithConcurrency(users, concurrency, async (user): Promise<AuditUserRecord | undefined> => {
    const keys = await client.readApiKeys(user.id);
    if (keys === 'gone') return undefined;
    return {
      id: user.id,
      username: user.username,
      role: user.role,
      keys: keys === 'forbidden' ? 'unreadable' : keys.map((key) => ({ description: key.description, dateCreated: key.dateCreated, lastUsed: key.lastUsed })),
    };
  });
  return records.filter((record): record is AuditUserRecord => record !== undefined);
}

/** `--compare OLD.json`: the old report of one Portainer, checked; a file that cannot be read or is no such report is one sentence. */
export async function readAuditReportFile(path: string): Promise<AuditReport> {
  return parseAuditReport(await readCompareFile(path), path);
}

/** `--compare OLD.json` when it may be a fleet's review too (`audit --fleet`). */
export async function readAuditReviewFile(path: string): Promise<AuditReview> {
  return parseAuditReview(await readCompareFile(path), path);
}

async function readCompareFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new AuditReportError(`cannot read ${path} (--compare): ${describeReadFailure(error)}`);
  }
}
