import { COMMUNITY_ROLE, roleBookOf } from '../plan/kinds/access-roles.js';
import { compareFolded, compareText } from '../plan/match.js';
import type { AccessCell, AuditKey, AuditReport, AuditUser } from './report-schema.js';
import { resolveAccess, type ResolverHolder } from './resolve-access.js';
import type { AuditServer, AuditUserRecord } from './server.js';
import { ADMINISTRATOR_ROLE, VIA_ADMINISTRATOR, viaOf } from './via.js';

export interface ReportOptions {
  /** Unix seconds: what `staleAfter` counts back from. The report reads no clock. */
  now: number;
  /** `--stale-after` in seconds: keys never used, or unused this long, are stale. Absent: `stale` is null. */
  staleAfterSeconds?: number;
}

/**
 * The access review of one server: every user with its role and teams,
 * every cell of access (administrators on every environment, everyone else
 * as Portainer 2.45 resolves it), every readable key. Sorted, so the same
 * server gives the same report byte for byte.
 */
export function buildReport(server: AuditServer, options: ReportOptions): AuditReport {
  const users = [...server.users].sort((a, b) => compareFolded(a.username, b.username) || a.id - b.id);
  return {
    formatVersion: 1,
    target: server.target,
    instanceId: server.instanceId,
    users: reportUsers(users, server),
    access: accessCells(server, users),
    keys: users.flatMap((user) => reportKeys(user, options)),
  };
}

function reportUsers(users: readonly AuditUserRecord[], server: AuditServer): AuditUser[] {
  const teamNames = new Map(server.teams.map((team) => [team.id, team.name]));
  const teamsOf = new Map<number, AuditUser['teams']>();
  for (const membership of server.memberships) {
    const team = teamNames.get(membership.teamId);
    if (team === undefined) continue;
    const teams = teamsOf.get(membership.userId) ?? [];
    teams.push({ team, role: membership.role });
    teamsOf.set(membership.userId, teams);
  }
  return users.map((user) => ({
    username: user.username,
    role: user.role,
    teams: (teamsOf.get(user.id) ?? []).sort((a, b) => compareFolded(a.team, b.team)),
    keys: user.keys === 'unreadable' ? 'unreadable' : 'readable',
  }));
}

/**
 * Each environment resolves only the users a grant could reach (its and its
 * group's users, the members of its and its group's teams): a server of
 * 2,000 users and 500 environments is not a million resolutions.
 */
function accessCells(server: AuditServer, sortedUsers: readonly AuditUserRecord[]): AccessCell[] {
  const environments = [...server.environments].sort((a, b) => compareFolded(a.name, b.name) || a.id - b.id);
  const groups = new Map(server.groups.map((group) => [group.id, group]));
  const teamNames = new Map(server.teams.map((team) => [team.id, team.name]));
  const book = roleBookOf(server.roles);
  const teamIdsOf = teamsByUser(server);
  const membersOf = membersByTeam(server);
  const admins = new Set(server.users.filter((user) => user.role === 'admin').map((user) => user.id));
  const cellsOf = new Map<number, AccessCell[]>(sortedUsers.map((user) => [user.id, []]));
  const usernames = new Map(server.users.map((user) => [user.id, user.username]));
  for (const environment of environments) {
    const group = groups.get(environment.groupId);
    for (const userId of candidatesOf(environment, group, membersOf)) {
      const username = usernames.get(userId);
      if (username === undefined || admins.has(userId)) continue;
      const resolved = resolveAccess({ userId, environment, group, teamIds: teamIdsOf.get(userId) ?? [], roles: server.roles });
      if (!resolved) continue;
      const role = resolved.role ? book.shown(resolved.role.id) : COMMUNITY_ROLE;
      const via = viaOf({
        ...(resolved.groupId !== undefined ? { group: group?.name ?? `#${resolved.groupId}` } : {}),
        ...(resolved.teamId !== undefined ? { team: teamNames.get(resolved.teamId) ?? `#${resolved.teamId}` } : {}),
      });
      cellsOf.get(userId)?.push({ user: username, environment: environment.name, role, via });
    }
    for (const userId of admins) {
      cellsOf.get(userId)?.push({ user: usernames.get(userId) as string, environment: environment.name, role: ADMINISTRATOR_ROLE, via: VIA_ADMINISTRATOR });
    }
  }
  // Environments were walked in order, so each user's cells already are.
  return sortedUsers.flatMap((user) => cellsOf.get(user.id) ?? []);
}

function candidatesOf(environment: ResolverHolder, group: ResolverHolder | undefined, membersOf: Map<number, number[]>): Set<number> {
  const candidates = new Set<number>();
  for (const holder of group ? [environment, group] : [environment]) {
    for (const grant of holder.userAccess) candidates.add(grant.id);
    for (const grant of holder.teamAccess) for (const userId of membersOf.get(grant.id) ?? []) candidates.add(userId);
  }
  return candidates;
}

/** Each user's team ids in Portainer's membership order (by membership id). */
function teamsByUser(server: AuditServer): Map<number, number[]> {
  const byUser = new Map<number, number[]>();
  for (const membership of [...server.memberships].sort((a, b) => a.id - b.id)) {
    const teams = byUser.get(membership.userId) ?? [];
    teams.push(membership.teamId);
    byUser.set(membership.userId, teams);
  }
  return byUser;
}

function membersByTeam(server: AuditServer): Map<number, number[]> {
  const byTeam = new Map<number, number[]>();
  for (const membership of server.memberships) {
    const members = byTeam.get(membership.teamId) ?? [];
    members.push(membership.userId);
    byTeam.set(membership.teamId, members);
  }
  return byTeam;
}

function reportKeys(user: AuditUserRecord, options: ReportOptions): AuditKey[] {
  if (user.keys === 'unreadable') return [];
  return [...user.keys]
    .sort((a, b) => compareText(a.description, b.description) || a.dateCreated - b.dateCreated)
    .map((key) => ({
      user: user.username,
      description: key.description,
      created: isoDate(key.dateCreated),
      lastUsed: key.lastUsed > 0 ? isoDate(key.lastUsed) : null,
      stale: options.staleAfterSeconds === undefined ? null : key.lastUsed <= 0 || options.now - key.lastUsed >= options.staleAfterSeconds,
    }));
}

/** Unix seconds as ISO 8601 in UTC, to the second. */
function isoDate(unixSeconds: number): string {
  return new Date(Math.floor(unixSeconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
