import type { AccessPolicies, StoredEnvironment } from '../stores/environment-store.js';
import type { EmulatorState } from '../stores/state.js';

/**
 * security.AuthorizedEndpointAccess (and FilterEndpoints): the environment's
 * own policies, or its group's, name the user or one of its teams. Only
 * presence counts here, whatever the RoleId: this is what lists and filters
 * use, not the role resolver of GET /users/{id}/effective-access.
 */
export function mayUse(state: EmulatorState, userId: number, environment: StoredEnvironment): boolean {
  if (grants(state, userId, environment)) return true;
  const group = state.store.environments.group(environment.groupId);
  return group !== undefined && grants(state, userId, group);
}

export function grants(state: EmulatorState, userId: number, holder: { userAccess: AccessPolicies; teamAccess: AccessPolicies }): boolean {
  if (holder.userAccess.has(userId)) return true;
  return state.store.teams.membershipsOfUser(userId).some((membership) => holder.teamAccess.has(membership.teamId));
}
