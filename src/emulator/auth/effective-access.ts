import type { AccessPolicies, StoredEnvironment, StoredEnvironmentGroup, StoredRole } from '../stores/environment-store.js';
import type { StoredMembership } from '../stores/team-store.js';

/**
 * pkg/authorization/resolver.go (2.45) ResolveUserEndpointAccess: the user's
 * policy on the environment, then on its group, then its teams' policies on
 * the environment, then on the group; the first that names a role wins.
 * FindRoleByID finds nothing for a RoleId that is no role (0 included, and
 * every RoleId on a server without roles), and that layer then gives
 * nothing. Among teams, a role of higher Priority replaces the one found so
 * far (strictly higher: the first membership keeps a tie). There is no
 * administrator case: the handler resolves an administrator like anyone.
 */
export interface Resolved {
  role: StoredRole;
  groupId: number; // 0: not through the group
  teamId: number; // 0: not through a team
}

export function resolveUserEndpointAccess(
  userId: number,
  endpoint: StoredEnvironment,
  group: StoredEnvironmentGroup | undefined, // Go's zero value when the group is missing: id 0, no policies
  memberships: readonly StoredMembership[],
  roles: readonly StoredRole[],
): Resolved | undefined {
  const byUser = roleFromUserPolicies(userId, endpoint.userAccess, roles);
  if (byUser) return { role: byUser, groupId: 0, teamId: 0 };
  const byUserOnGroup = group && roleFromUserPolicies(userId, group.userAccess, roles);
  if (byUserOnGroup) return { role: byUserOnGroup, groupId: group.id, teamId: 0 };
  const byTeam = teamRoleWithSource(memberships, endpoint.teamAccess, roles);
  if (byTeam) return { role: byTeam.role, groupId: 0, teamId: byTeam.teamId };
  const byTeamOnGroup = group && teamRoleWithSource(memberships, group.teamAccess, roles);
  if (byTeamOnGroup) return { role: byTeamOnGroup.role, groupId: group.id, teamId: byTeamOnGroup.teamId };
  return undefined;
}

function roleFromUserPolicies(userId: number, policies: AccessPolicies, roles: readonly StoredRole[]): StoredRole | undefined {
  const policy = policies.get(userId);
  return policy === undefined ? undefined : findRoleById(policy.roleId, roles);
}

function teamRoleWithSource(memberships: readonly StoredMembership[], policies: AccessPolicies, roles: readonly StoredRole[]) {
  let best: { role: StoredRole; teamId: number } | undefined;
  for (const membership of memberships) {
    const policy = policies.get(membership.teamId);
    if (policy === undefined) continue;
    const role = findRoleById(policy.roleId, roles);
    if (role === undefined) continue;
    if (best === undefined || role.priority > best.role.priority) best = { role, teamId: membership.teamId };
  }
  return best;
}

function findRoleById(roleId: number, roles: readonly StoredRole[]): StoredRole | undefined {
  return roles.find((role) => role.id === roleId);
}
