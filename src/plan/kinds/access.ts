import { accessGrantAddress, accessHolderAddress, ADMIN_ADDRESS } from '../address.js';
import { COMMUNITY_ROLE_ID } from '../../limits.js';
import { asksForRole, COMMUNITY_ROLE, roleBookOf, roleText, type RoleBook } from './access-roles.js';
import type { AccessChange, DesiredAccessHolder, DesiredGrant, GrantRole, ManifestRole, ObservedAccess, ObservedAccessHolder, Principal } from '../types/index.js';
import { firstMatchingGlob } from '../glob.js';
import { foldUsername } from '../match.js';
import { problemAt, type Problem } from '../types/problems.js';
import type { DesiredState, ObservedState } from '../types/index.js';

export interface AccessDiff {
  changes: AccessChange[];
  problems: Problem[];
}

/**
 * Grants on the environments and groups the manifest lists: create the ones
 * it adds, change a role (Business Edition only: Community Edition ignores
 * RoleId, so an existing grant's RoleId is never a difference), and with
 * `prune.access` (the default) remove every other grant of a listed
 * environment or group, orphans (ids that are nobody any more) included.
 * Unlisted environments and groups are never looked at.
 */
export function diffAccess(desired: DesiredState, observed: ObservedState): AccessDiff {
  const result: AccessDiff = { changes: [], problems: [] };
  if (desired.access === undefined) return result;
  if (!observed.access) {
    // A server without an admin has nothing to read yet; its environments are planned once it has one.
    if (!observed.adminExists && desired.access.length > 0) result.problems.push(problemAt(ADMIN_ADDRESS, { code: 'access.after-admin-init' }));
    return result;
  }
  const principals = principalsOf(desired, observed, observed.access);
  const roles = roleBookOf(observed.access.roles);
  // Every holder of a name (group names are not unique), by scope and exact name.
  const byName = new Map<string, ObservedAccessHolder[]>();
  for (const candidate of observed.access.holders) {
    const key = `${candidate.scope}\u0000${candidate.name}`;
    byName.set(key, [...(byName.get(key) ?? []), candidate]);
  }
  for (const holder of desired.access) {
    const found = byName.get(`${holder.scope}\u0000${holder.name}`) ?? [];
    const address = accessHolderAddress(holder.scope, holder.name);
    const at = holder.path ? { path: holder.path } : {};
    if (found.length === 0) {
      result.problems.push(problemAt(address, { code: holder.scope === 'environment' ? 'access.environment-unknown' : 'access.group-unknown', name: holder.name, ...at }));
    } else if (found.length > 1) {
      result.problems.push(problemAt(address, { code: 'access.group-ambiguous', name: holder.name, ids: found.map((group) => group.id), ...at }));
    } else {
      for (const principal of ['user', 'team'] as const) diffGrants({ holder, current: found[0] as ObservedAccessHolder, principal, principals, roles, prune: desired.prune.access !== false }, result);
    }
  }
  return result;
}

/** Who a name in a grant is: an id (absent for a user or team the apply creates first), or the rule it breaks. */
type Resolution = { id?: number } | { code: 'access.principal-unknown' | 'access.principal-would-be-pruned' };

interface Principals {
  resolve(principal: Principal, name: string): Resolution;
  /** The server's name of a user or team id; undefined for an id that is nobody (an orphan grant). */
  nameOf(principal: Principal, id: number): string | undefined;
}

function principalsOf(desired: DesiredState, observed: ObservedState, access: ObservedAccess): Principals {
  const serverTeams = observed.teams ?? access.teams ?? [];
  const users = new Map(observed.users.map((user) => [foldUsername(user.username), user.id]));
  const teams = new Map<string, number>();
  for (const team of serverTeams) if (!teams.has(foldUsername(team.name))) teams.set(foldUsername(team.name), team.id);
  const names = {
    user: new Map(observed.users.map((user) => [user.id, user.username])),
    team: new Map(serverTeams.map((team) => [team.id, team.name])),
  };
  const inManifest = {
    user: new Set(desired.users.map((user) => foldUsername(user.username))),
    team: new Set((desired.teams ?? []).map((team) => foldUsername(team.name))),
  };
  const pruned = (principal: Principal, name: string): boolean =>
    principal === 'user'
      ? desired.prune.users && firstMatchingGlob(name, desired.prune.protect) === undefined
      : desired.teams !== undefined && desired.prune.teams === true;
  return {
    resolve(principal, name) {
      const id = (principal === 'user' ? users : teams).get(foldUsername(name));
      if (inManifest[principal].has(foldUsername(name))) return id === undefined ? {} : { id };
      if (id === undefined) return { code: 'access.principal-unknown' };
      return pruned(principal, name) ? { code: 'access.principal-would-be-pruned' } : { id };
    },
    nameOf: (principal, id) => names[principal].get(id),
  };
}

interface GrantDiff {
  holder: DesiredAccessHolder;
  current: ObservedAccessHolder;
  principal: Principal;
  principals: Principals;
  roles: RoleBook;
  prune: boolean;
}

function diffGrants(diff: GrantDiff, result: AccessDiff): void {
  const { holder, current, principal } = diff;
  const granted = new Map((principal === 'user' ? current.users : current.teams).map((grant) => [grant.id, grant]));
  const wanted = new Set<number>();
  for (const grant of principal === 'user' ? holder.users : holder.teams) {
    const address = accessGrantAddress(holder.scope, holder.name, principal, grant.name);
    const at = grant.path ? { path: grant.path } : {};
    const resolution = diff.principals.resolve(principal, grant.name);
    if ('code' in resolution) {
      result.problems.push(problemAt(address, { code: resolution.code, principal, name: grant.name, resource: holder.name, ...at }));
      continue;
    }
    const role = wantedRole(grant, diff.roles, address, result);
    if (!role) continue;
    const base = changeBase(diff, address, grant.name);
    if (resolution.id === undefined) {
      result.changes.push({ ...base, action: 'create', before: null, after: role });
      continue;
    }
    wanted.add(resolution.id);
    const existing = granted.get(resolution.id);
    if (!existing) result.changes.push({ ...base, action: 'create', principalId: resolution.id, before: null, after: role });
    else if (!diff.roles.community && existing.roleId !== role.roleId) {
      result.changes.push({ ...base, action: 'update', principalId: resolution.id, before: { role: diff.roles.shown(existing.roleId), roleId: existing.roleId }, after: role, fields: ['role'] });
    }
  }
  for (const grant of granted.values()) {
    if (wanted.has(grant.id)) continue;
    const name = diff.principals.nameOf(principal, grant.id);
    const label = name ?? `#${grant.id}`;
    const address = accessGrantAddress(holder.scope, holder.name, principal, label);
    if (!diff.prune) {
      if (name === undefined) result.problems.push(problemAt(address, { code: 'access.orphan', principal, id: grant.id, resource: holder.name }));
      continue;
    }
    const before = { role: diff.roles.shown(grant.roleId), roleId: grant.roleId };
    result.changes.push({ ...changeBase(diff, address, label), action: 'delete', principalId: grant.id, ...(name === undefined ? { orphan: true as const } : {}), before, after: null });
  }
}

/** The role a grant is written with: Business Edition's id for the manifest's role; on Community Edition always access (RoleId 3, as its UI writes). */
function wantedRole(grant: DesiredGrant, roles: RoleBook, address: string, result: AccessDiff): GrantRole | undefined {
  const at = grant.path ? { path: grant.path } : {};
  if (roles.community) {
    if (asksForRole(grant.role)) result.problems.push(problemAt(address, { code: 'access.role-ignored', role: roleText(grant.role as ManifestRole), ...at }));
    return { role: COMMUNITY_ROLE, roleId: COMMUNITY_ROLE_ID };
  }
  const role = roles.resolve(grant.role);
  if (!role) result.problems.push(problemAt(address, { code: 'access.role-unknown', role: roleText(grant.role ?? 'standard'), roles: roles.names, ...at }));
  // Written as stored, but Portainer's resolver gives a RoleId that is no role nothing: said, not hidden.
  else if (!roles.listed(role.roleId)) result.problems.push(problemAt(address, { code: 'access.role-gives-nothing', roleId: role.roleId, ...at }));
  return role;
}

function changeBase(diff: GrantDiff, address: string, name: string) {
  return {
    address,
    kind: diff.holder.scope === 'environment' ? ('environment-access' as const) : ('group-access' as const),
    resourceId: diff.current.id,
    resource: diff.current.name,
    principal: diff.principal,
    name,
  };
}
