import type { EmulatorState, Identity } from '../stores/state.js';
import { ADMIN_ROLE } from '../stores/store.js';
import { TEAM_LEADER, type StoredMembership } from '../stores/team-store.js';

/**
 * Portainer's RestrictedRequestContext (security/bouncer.go
 * newRestrictedContextRequest): built on every request from the token's role
 * and the caller's memberships as they are now in the database. An admin
 * carries no memberships and is never counted as a team leader.
 */
export interface TeamAccess {
  userId: number;
  isAdmin: boolean;
  isTeamLeader: boolean;
  memberships: StoredMembership[];
}

export function teamAccessOf(state: EmulatorState, identity: Identity): TeamAccess {
  if (identity.role === ADMIN_ROLE) return { userId: identity.userId, isAdmin: true, isTeamLeader: false, memberships: [] };
  const memberships = state.store.teams.membershipsOfUser(identity.userId);
  return {
    userId: identity.userId,
    isAdmin: false,
    isTeamLeader: memberships.some((membership) => membership.role === TEAM_LEADER),
    memberships,
  };
}

/** security/authorization.go AuthorizedTeamManagement: an admin, or a leader of that team. */
export function mayManageTeam(access: TeamAccess, teamId: number): boolean {
  return access.isAdmin || access.memberships.some((membership) => membership.teamId === teamId && membership.role === TEAM_LEADER);
}

/** security/filter.go LeaderTeamMembershipFilter: the ids of the teams the caller leads. */
export function ledTeamIds(access: TeamAccess): Set<number> {
  const led = access.memberships.filter((membership) => membership.role === TEAM_LEADER && membership.userId === access.userId);
  return new Set(led.map((membership) => membership.teamId));
}
