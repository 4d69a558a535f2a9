import { passwordMatches, hashPassword } from '../auth/password-hash.js';
import { decodePayload, fieldOf } from '../http/payload.js';
import { failure, INVALID_PAYLOAD, json, noContent, OBJECT_NOT_FOUND, USER_NOT_FOUND, userJson } from '../http/reply.js';
import { callerOf, isAdmin, numericParam } from '../http/route-values.js';
import { passwordStrongEnough, tooLongToHash, hashFailure, type Call, type EmulatorState, type Handler } from '../stores/state.js';
import type { Role, StoredUser } from '../stores/store.js';
import { unixSeconds } from '../stores/time.js';

const INVALID_USER_ID = 'Invalid user identifier route variable';
const WEAK_PASSWORD = 'Password does not meet the minimum strength requirements';

/**
 * PUT /users/{id} (user_update.go). A rename keeps the case as sent. Any role
 * in the payload (even the same one) and any new password move TokenIssueAt,
 * which ends the user's JWTs issued in an earlier second.
 */
export const updateUser: Handler = (state, call) => {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_USER_ID);
  const caller = callerOf(call);
  if (!isAdmin(caller) && caller.userId !== id) return failure(403, 'Permission denied to update user', 'Unauthorized');
  const payload = decodePayload(call.body, {
    Username: 'string', Password: 'string', NewPassword: 'string', UseCache: 'bool?', Theme: 'object?', Role: 'int',
  });
  if (!payload.ok) return failure(400, INVALID_PAYLOAD, payload.reason);
  const change = payload.value;
  const color = change.Theme === undefined ? undefined : fieldOf(change.Theme, 'color');
  if (color !== undefined && color !== null && typeof color !== 'string') {
    return failure(400, INVALID_PAYLOAD, 'json: cannot unmarshal into Go struct field .Theme.color of type string');
  }
  if (change.Username.includes(' ')) return failure(400, INVALID_PAYLOAD, 'invalid username. Must not contain any whitespace');
  if (![0, 1, 2].includes(change.Role)) {
    return failure(400, INVALID_PAYLOAD, 'invalid role value. Value must be one of: 1 (administrator) or 2 (regular user)');
  }
  if (!isAdmin(caller) && change.Role !== 0) {
    return failure(403, 'Permission denied to update user to administrator role', 'Access denied to resource');
  }
  const user = state.store.user(id);
  if (user === undefined) return failure(404, USER_NOT_FOUND, OBJECT_NOT_FOUND);
  const refused = renameRefusal(state, call, user, change.Username) ?? passwordRefusal(state, call, user, change);
  if (refused !== undefined) return refused;
  if (change.Username !== '') state.store.renameUser(user, change.Username);
  if (change.NewPassword !== '') {
    user.passwordHash = hashPassword(change.NewPassword);
    user.tokenIssueAt = unixSeconds(call.nowMs);
  }
  if (typeof color === 'string') user.themeColor = color;
  if (change.UseCache !== undefined) user.useCache = change.UseCache;
  if (change.Role !== 0) {
    user.role = change.Role as Role;
    user.tokenIssueAt = unixSeconds(call.nowMs);
  }
  return json(userJson(user));
};

function renameRefusal(state: EmulatorState, call: Call, user: StoredUser, username: string) {
  if (username === '' || username === user.username) return undefined;
  if (!isAdmin(callerOf(call))) return failure(403, 'Permission denied. Unable to update username', 'Access denied to resource');
  const holder = state.store.userByUsername(username);
  if (holder !== undefined && holder.id !== user.id) {
    return failure(409, 'Another user with the same username already exists', 'User already exists');
  }
  return undefined;
}

/** An admin sets a password with `newPassword` alone; anyone else must also give the current one. */
function passwordRefusal(
  state: EmulatorState,
  call: Call,
  user: StoredUser,
  change: { Password: string; NewPassword: string },
) {
  const admin = isAdmin(callerOf(call));
  if (change.Password !== '' && change.NewPassword === '') {
    return failure(400, 'Existing password field specified without new password field.', admin
      ? "To change the password as an admin, you only need 'newPassword' in your request"
      : "To change the password, you must include both 'password' and 'newPassword' in your request");
  }
  if (change.NewPassword === '') return undefined;
  if (!admin && !passwordMatches(user.passwordHash, change.Password)) {
    return failure(403, "Current password doesn't match. Password left unchanged",
      'Current password does not match the password provided. Please try again');
  }
  if (!passwordStrongEnough(state, change.NewPassword)) return failure(400, WEAK_PASSWORD);
  return tooLongToHash(change.NewPassword) ? hashFailure() : undefined;
}

/** PUT /users/{id}/passwd (user_update_password.go): the current password is checked even for admins. */
export const changePassword: Handler = (state, call) => {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_USER_ID);
  const caller = callerOf(call);
  if (!isAdmin(caller) && caller.userId !== id) return failure(403, 'Permission denied to update user', 'Unauthorized');
  const payload = decodePayload(call.body, { Password: 'string', NewPassword: 'string' });
  if (!payload.ok) return failure(400, INVALID_PAYLOAD, payload.reason);
  const { Password: current, NewPassword: next } = payload.value;
  if (current === '') return failure(400, INVALID_PAYLOAD, 'Invalid current password');
  if (next === '') return failure(400, INVALID_PAYLOAD, 'Invalid new password');
  const user = state.store.user(id);
  if (user === undefined) return failure(404, USER_NOT_FOUND, OBJECT_NOT_FOUND);
  if (!passwordMatches(user.passwordHash, current)) {
    return failure(403, "Current password doesn't match", 'Current password does not match the password provided. Please try again');
  }
  if (!passwordStrongEnough(state, next)) return failure(400, WEAK_PASSWORD);
  if (tooLongToHash(next)) return hashFailure();
  user.passwordHash = hashPassword(next);
  user.tokenIssueAt = unixSeconds(call.nowMs);
  return noContent();
};
