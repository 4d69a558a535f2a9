import { resolveUserEndpointAccess, type Resolved } from '../auth/effective-access.js';
import type { StoredEnvironment, StoredEnvironmentGroup } from '../stores/environment-store.js';
import { failure, json, OBJECT_NOT_FOUND, USER_NOT_FOUND } from '../http/reply.js';
import { callerOf, isAdmin, numericParam } from '../http/route-values.js';
import type { EmulatorState, Handler } from '../stores/state.js';

/**
 * GET /users/{id}/effective-access (2.45, user_effective_access.go): the
 * caller itself or an administrator; every environment (in id order) on
 * which the resolver finds a role, with where it came from. An environment
 * reached through the group says `environmentGroup`; a team adds its id and
 * name; zero ids and empty names are left out (omitempty).
 */
export const userEffectiveAccess: Handler = (state, call) => {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, 'Invalid user identifier route variable');
  const caller = callerOf(call);
  if (!isAdmin(caller) && caller.userId !== id) {
    return failure(403, "Permission denied to inspect another user's effective access", 'Unauthorized');
  }
  const user = state.store.user(id);
  if (user === undefined) return failure(404, USER_NOT_FOUND, OBJECT_NOT_FOUND);
  const store = state.store.environments;
  const memberships = state.store.teams.membershipsOfUser(id);
  const entries = [];
  for (const endpoint of store.environments()) {
    const group = store.group(endpoint.groupId);
    const access = resolveUserEndpointAccess(id, endpoint, group, memberships, store.roles);
    if (access) entries.push(entryOf(state, access, endpoint, group));
  }
  return json(entries);
};

function entryOf(state: EmulatorState, access: Resolved, endpoint: StoredEnvironment, group: StoredEnvironmentGroup | undefined): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    endpointId: endpoint.id,
    endpointName: endpoint.name,
    roleId: access.role.id,
    roleName: access.role.name,
    rolePriority: access.role.priority,
  };
  if (access.groupId !== 0) {
    entry['groupId'] = access.groupId;
    if (group?.name) entry['groupName'] = group.name;
  }
  if (access.teamId !== 0) {
    entry['teamId'] = access.teamId;
    const team = state.store.teams.team(access.teamId);
    if (team?.name) entry['teamName'] = team.name;
  }
  entry['accessLocation'] = access.groupId !== 0 ? 'environmentGroup' : 'environment';
  return entry;
}
