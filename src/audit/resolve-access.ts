import type { AuditGrant, AuditRole } from './server.js';

/**
 * A user's effective access to one environment, as Portainer 2.45 resolves it
 * (pkg/authorization/resolver.go, behind GET /users/{id}/effective-access):
 * the first of these that grants a role wins, in this order:
 *   1. the user's grant on the environment;
 *   2. the user's grant on the environment's group;
 *   3. the user's teams' grants on the environment;
 *   4. the user's teams' grants on the group.
 * Among several teams the role with the highest priority number (the most
 * restrictive) wins; of equal ones, the first membership's. A grant whose
 * RoleId is no role of the server gives nothing (RoleId 0 included), so a
 * later layer may still grant. Administrators are not resolved here: they
 * reach every environment whatever the grants say.
 *
 * Community Edition has no roles (`GET /roles` is empty) and ignores RoleId:
 * there any grant is access, and the resolver says so with `role: undefined`.
 */

export interface ResolverHolder {
  userAccess: readonly AuditGrant[];
  teamAccess: readonly AuditGrant[];
}

export interface ResolverInput {
  userId: number;
  environment: ResolverHolder;
  /** The environment's group with its id; undefined when the group is not there. */
  group: (ResolverHolder & { id: number }) | undefined;
  /** The user's team ids, in Portainer's membership order. */
  teamIds: readonly number[];
  roles: readonly AuditRole[];
}

export interface ResolvedAccess {
  /** Undefined on Community Edition, which has no roles: the grant is access. */
  role: AuditRole | undefined;
  /** Set when the grant came from the environment's group (layers 2 and 4). */
  groupId?: number;
  /** Set when the grant came from a team (layers 3 and 4). */
  teamId?: number;
}

export function resolveAccess(input: ResolverInput): ResolvedAccess | undefined {
  const roleOf = roleLookup(input.roles);
  const { environment, group, userId, teamIds } = input;
  const direct = userGrant(userId, environment.userAccess, roleOf);
  if (direct) return { role: direct.role };
  const viaGroup = group && userGrant(userId, group.userAccess, roleOf);
  if (viaGroup) return { role: viaGroup.role, groupId: group.id };
  const team = teamGrant(teamIds, environment.teamAccess, roleOf);
  if (team) return { role: team.role, teamId: team.teamId };
  const teamViaGroup = group && teamGrant(teamIds, group.teamAccess, roleOf);
  if (teamViaGroup) return { role: teamViaGroup.role, groupId: group.id, teamId: teamViaGroup.teamId };
  return undefined;
}

/** What a grant's RoleId gives: a role, access without one (Community Edition), or nothing (a RoleId that is no role). */
type RoleOf = (roleId: number) => { role: AuditRole | undefined } | undefined;

function roleLookup(roles: readonly AuditRole[]): RoleOf {
  if (roles.length === 0) return () => ({ role: undefined });
  const byId = new Map(roles.map((role) => [role.id, { role }]));
  return (roleId) => byId.get(roleId);
}

function userGrant(userId: number, grants: readonly AuditGrant[], roleOf: RoleOf): { role: AuditRole | undefined } | undefined {
  const grant = grants.find((candidate) => candidate.id === userId);
  return grant && roleOf(grant.roleId);
}

function teamGrant(teamIds: readonly number[], grants: readonly AuditGrant[], roleOf: RoleOf) {
  let best: { role: AuditRole | undefined; teamId: number } | undefined;
  for (const teamId of teamIds) {
    const grant = grants.find((candidate) => candidate.id === teamId);
    const given = grant && roleOf(grant.roleId);
    if (!given) continue;
    // Strictly greater: of equal roles the first membership's team stays, as in 2.45.
    if (!best || priorityOf(given.role) > priorityOf(best.role)) best = { role: given.role, teamId };
  }
  return best;
}

function priorityOf(role: AuditRole | undefined): number {
  return role?.priority ?? 0;
}
