import { passwordMatches } from '../auth/password-hash.js';
import { decodePayload } from '../http/payload.js';
import { failure, INVALID_PAYLOAD, json, noContent, OBJECT_NOT_FOUND, userJson } from '../http/reply.js';
import { passwordStrongEnough, tooLongToHash, hashFailure, type EmulatorState, type Handler } from '../stores/state.js';
import { ADMIN_ROLE, type StoredUser } from '../stores/store.js';
import { TEAM_MEMBER } from '../stores/team-store.js';
import { authCookie, clearedAuthCookie } from '../auth/auth-cookie.js';
import { AUTH_COOKIE, cookieOf } from '../auth/authenticate.js';

/** Portainer's session length; the cookie expires with the JWT. */
const SESSION_MS = 8 * 60 * 60 * 1000;

/**
 * POST /auth (api/http/handler/auth/authenticate.go): an unknown user and a
 * wrong password get the same 422. A password shorter than the server minimum
 * still logs in, with `forceChangePassword` in the token. Like Portainer it also
 * sets the `portainer_api_key` cookie, which a client must not replay.
 */
export const login: Handler = (state, call) => {
  const payload = decodePayload(call.body, { Username: 'string', Password: 'string' });
  if (!payload.ok) return failure(400, INVALID_PAYLOAD, payload.reason);
  const { Username: username, Password: password } = payload.value;
  if (username === '') return failure(400, INVALID_PAYLOAD, 'Invalid username');
  if (password === '') return failure(400, INVALID_PAYLOAD, 'Invalid password');
  const user = state.store.userByUsername(username);
  if (user === undefined || !authenticated(state, user, password)) {
    return failure(422, 'Invalid credentials', 'Unauthorized');
  }
  syncTeams(state, user);
  const jwt = state.signer.issue(user, !passwordStrongEnough(state, password), call.nowMs);
  return json({ jwt }, 200, { 'set-cookie': authCookie(jwt, call.nowMs + SESSION_MS) });
};

/**
 * POST /auth/logout (auth/logout.go, public): the JWT of the
 * `portainer_api_key` cookie, when valid, is revoked (a bearer token sent
 * alongside is not), and the cookie is cleared. Always 204.
 */
export const logout: Handler = (state, call) => {
  const token = cookieOf(call.headers, AUTH_COOKIE);
  if (token !== undefined) state.signer.revoke(token, call.nowMs);
  return { status: 204, headers: { 'set-cookie': clearedAuthCookie() } };
};

/**
 * User Id 1 always logs in with its local password. Under LDAP everyone else
 * binds to the directory (the local hash is ignored); under OAuth nobody else
 * has a password login at all.
 */
function authenticated(state: EmulatorState, user: StoredUser, password: string): boolean {
  const { method, directory } = state.settings.auth;
  if (user.id === 1 || method === 'internal') return passwordMatches(user.passwordHash, password);
  if (method === 'oauth') return false;
  return directory.get(user.username.toLowerCase())?.password === password;
}

/** LDAP group sync: a login adds the user to every team named like one of its groups; it never removes. */
function syncTeams(state: EmulatorState, user: StoredUser): void {
  const { method, teamSync, directory } = state.settings.auth;
  if (method !== 'ldap' || !teamSync || user.id === 1) return;
  for (const group of directory.get(user.username.toLowerCase())?.groups ?? []) {
    const team = state.store.teams.teamByName(group);
    if (team && !state.store.teams.membershipsOfUser(user.id).some((membership) => membership.teamId === team.id)) {
      state.store.teams.createMembership(user.id, team.id, TEAM_MEMBER);
    }
  }
}

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
