import { decodePayload } from '../http/payload.js';
import { failure, INVALID_PAYLOAD, json, noContent, OBJECT_NOT_FOUND, userJson } from '../http/reply.js';
import { passwordStrongEnough, tooLongToHash, hashFailure, type Handler } from '../stores/state.js';
import { ADMIN_ROLE } from '../stores/store.js';

/** GET /users/admin/check (admin_check.go). */
export const adminCheck: Handler = (state) =>
  state.store.hasAdmin() ? noContent() : failure(404, 'No administrator account found inside the database', OBJECT_NOT_FOUND);

const SETUP_TOKEN_MESSAGE =
  'Invalid or missing setup token. Provide the X-Setup-Token header with the token printed in the server logs at startup.';
/** setuptoken.go errInvalidSetupToken, capitalised in the answer. */
const SETUP_TOKEN_ERROR = 'invalid or missing setup token';

/**
 * POST /users/admin/init (admin_init.go, plus the 2.44+ setup token, checked
 * first). The answer keeps the password hash: Portainer forgets to strip it.
 * Portainer does not check that the name is free here, only that no admin exists.
 */
export const adminInit: Handler = (state, call) => {
  const setupToken = state.settings.setupToken;
  if (setupToken !== undefined && call.headers['x-setup-token'] !== setupToken) {
    return failure(403, SETUP_TOKEN_MESSAGE, SETUP_TOKEN_ERROR);
  }
  const payload = decodePayload(call.body, { Username: 'string', Password: 'string' });
  if (!payload.ok) return failure(400, INVALID_PAYLOAD, payload.reason);
  const { Username: username, Password: password } = payload.value;
  if (username === '' || username.includes(' ')) {
    return failure(400, INVALID_PAYLOAD, 'Invalid username. Must not contain any whitespace');
  }
  if (password === '') return failure(400, INVALID_PAYLOAD, 'Invalid password');
  if (state.store.hasAdmin()) {
    return failure(409, 'Unable to create administrator user', 'An administrator user already exists');
  }
  if (!passwordStrongEnough(state, password)) return failure(400, 'Password does not meet the requirements');
  if (tooLongToHash(password)) return hashFailure();
  const user = state.store.createUser(username, password, ADMIN_ROLE);
  return json(userJson(user, { withPasswordHash: true }));
};
