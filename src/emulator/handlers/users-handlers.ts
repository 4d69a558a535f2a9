import { decodePayload } from '../http/payload.js';
import { failure, INVALID_PAYLOAD, json, membershipJson, noContent, OBJECT_NOT_FOUND, USER_NOT_FOUND, userJson } from '../http/reply.js';
import { callerOf, isAdmin, numericParam } from '../http/route-values.js';
import { EXTERNAL_PASSWORD_REFUSED } from '../auth/directory.js';
import { passwordStrongEnough, tooLongToHash, hashFailure, type Handler } from '../stores/state.js';
import { ADMIN_ROLE, type Role } from '../stores/store.js';
import { teamAccessOf } from '../auth/team-access.js';
import { mayUse } from '../auth/endpoint-access.js';
import { environmentFilterOf } from './environment-filter.js';

const INVALID_USER_ID = 'Invalid user identifier route variable';

/**
 * GET /users (user_list.go): Id, Username and Role only. An admin sees everyone;
 * a team leader (of any team) sees the non-admin users; anyone else gets 403.
 * `?environmentId=N` keeps those with access to that environment.
 */
export const listUsers: Handler = (state, call) => {
  const access = teamAccessOf(state, callerOf(call));
  if (!access.isAdmin && !access.isTeamLeader) return failure(403, 'Permission denied to access users list');
  const visible = state.store.users().filter((user) => access.isAdmin || user.role !== ADMIN_ROLE);
  const filter = environmentFilterOf(state, call);
  if (filter.kind === 'failed') return filter.reply;
  // With an environment: those with access to it, directly, through its group or through a team (AuthorizedEndpointAccess).
  const listed = filter.kind === 'none' ? visible : visible.filter((user) => mayUse(state, user.id, filter.environment));
  return json(listed.map((user) => ({ Id: user.id, Username: user.username, Role: user.role })));
};

/** POST /users (user_create.go): the name is stored lower-cased and compared case-insensitively. */
export const createUser: Handler = (state, call) => {
  const payload = decodePayload(call.body, { Username: 'string', Password: 'string', Role: 'int' });
  if (!payload.ok) return failure(400, INVALID_PAYLOAD, payload.reason);
  const { Username: username, Password: password, Role: role } = payload.value;
  if (username === '' || username.includes(' ')) {
    return failure(400, INVALID_PAYLOAD, 'Invalid username. Must not contain any whitespace');
  }
  if (role !== 1 && role !== 2) {
    return failure(400, INVALID_PAYLOAD, 'Invalid role value. Value must be one of: 1 (administrator) or 2 (regular user)');
  }
  if (state.store.userByUsername(username) !== undefined) {
    return failure(409, 'Another user with the same username already exists', 'User already exists');
  }
  // Users of a directory have no local password: none may be given, and none is checked.
  if (state.settings.auth.method !== 'internal') {
    // user_create.go uses its sentence as both message and error (so details is it capitalised).
    if (password !== '') return failure(400, EXTERNAL_PASSWORD_REFUSED);
    return json(userJson(state.store.createUser(username, '', role as Role)));
  }
  if (!passwordStrongEnough(state, password)) return failure(400, 'Password does not meet the requirements');
  if (tooLongToHash(password)) return hashFailure();
  return json(userJson(state.store.createUser(username, password, role as Role)));
};

/** GET /users/{id} (user_inspect.go): an admin, or the user itself. */
export const inspectUser: Handler = (state, call) => {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_USER_ID);
  const caller = callerOf(call);
  if (!isAdmin(caller) && caller.userId !== id) return failure(403, 'Permission denied inspect user', 'Access denied to resource');
  const user = state.store.user(id);
  return user === undefined ? failure(404, USER_NOT_FOUND, OBJECT_NOT_FOUND) : json(userJson(user));
};

/** GET /users/me (user_inspect_me.go): the full user plus the token's forceChangePassword. */
export const inspectMe: Handler = (state, call) => {
  const caller = callerOf(call);
  const user = state.store.user(caller.userId);
  if (user === undefined) return failure(404, USER_NOT_FOUND, OBJECT_NOT_FOUND);
  return json({ ...userJson(user), forceChangePassword: caller.forceChangePassword });
};

/**
 * DELETE /users/{id} (user_delete.go), checks in Portainer's order: the initial
 * admin, oneself, unknown id, then the last local admin (a 500, not a 4xx).
 * The user's team memberships and API keys go with it (EmulatorStore.deleteUser).
 */
export const deleteUser: Handler = (state, call) => {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_USER_ID);
  if (id === 1) return failure(403, 'Cannot remove the initial admin account');
  if (callerOf(call).userId === id) {
    return failure(403, 'Cannot remove your own user account. Contact another administrator');
  }
  const user = state.store.user(id);
  if (user === undefined) return failure(404, USER_NOT_FOUND, OBJECT_NOT_FOUND);
  // Admins of a directory (no local password) do not count as local ones.
  const localAdmins = state.store.users().filter((other) => other.role === ADMIN_ROLE && other.passwordHash !== '').length;
  if (user.role === ADMIN_ROLE && user.passwordHash !== '' && localAdmins < 2) {
    return failure(500, 'Cannot remove local administrator user', 'Cannot remove the last local administrator account');
  }
  state.store.deleteUser(id);
  return noContent();
};

/**
 * GET /users/{id}/memberships (user_memberships.go): an admin, or the user
 * itself; an unknown id is not looked up and gives `[]`.
 */
export const userMemberships: Handler = (state, call) => {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_USER_ID);
  const caller = callerOf(call);
  if (!isAdmin(caller) && caller.userId !== id) {
    return failure(403, 'Permission denied to update user memberships', 'Unauthorized');
  }
  return json(state.store.teams.membershipsOfUser(id).map(membershipJson));
};
