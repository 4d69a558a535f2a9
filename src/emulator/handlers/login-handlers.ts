import { authCookie, clearedAuthCookie } from '../auth/auth-cookie.js';
import { AUTH_COOKIE, cookieOf } from '../auth/authenticate.js';
import { passwordMatches } from '../auth/password-hash.js';
import { decodePayload } from '../http/payload.js';
import { failure, INVALID_PAYLOAD, json, type Reply } from '../http/reply.js';
import { passwordStrongEnough, type Call, type EmulatorState, type Handler } from '../stores/state.js';
import { STANDARD_ROLE, type StoredUser } from '../stores/store.js';
import { TEAM_MEMBER } from '../stores/team-store.js';

/** Portainer's session length; the cookie expires with the JWT. */
const SESSION_MS = 8 * 60 * 60 * 1000;
const INVALID_CREDENTIALS = 'Invalid credentials';

/**
 * POST /auth (api/http/handler/auth/authenticate.go, 2.45). User Id 1, and
 * everyone under internal authentication, is checked against the local
 * password: an unknown user and a wrong password get the same 422, and a
 * password shorter than the server minimum still logs in, with
 * `forceChangePassword` in the token. Under OAuth nobody else has a password
 * login. Under LDAP everyone else binds to the directory, and a directory user
 * Portainer does not know yet is created (AutoCreateUsers, on by default).
 * Like Portainer it also sets the `portainer_api_key` cookie.
 */
export const login: Handler = (state, call) => {
  const payload = decodePayload(call.body, { Username: 'string', Password: 'string' });
  if (!payload.ok) return failure(400, INVALID_PAYLOAD, payload.reason);
  const { Username: username, Password: password } = payload.value;
  if (username === '') return failure(400, INVALID_PAYLOAD, 'Invalid username');
  if (password === '') return failure(400, INVALID_PAYLOAD, 'Invalid password');
  const user = state.store.userByUsername(username);
  const { method } = state.settings.auth;
  if (user?.id === 1 || method === 'internal') {
    if (user === undefined || !passwordMatches(user.passwordHash, password)) return failure(422, INVALID_CREDENTIALS, 'Unauthorized');
    return token(state, call, user, !passwordStrongEnough(state, password));
  }
  if (method === 'oauth') return failure(422, 'Only initial admin is allowed to login without oauth', 'Unauthorized');
  if (state.settings.auth.directory.get(username.toLowerCase())?.password !== password) {
    return failure(422, INVALID_CREDENTIALS, 'Unauthorized');
  }
  const known = user ?? state.store.createUser(username, '', STANDARD_ROLE);
  syncTeams(state, known);
  return token(state, call, known, false);
};

function token(state: EmulatorState, call: Call, user: StoredUser, forceChangePassword: boolean): Reply {
  const jwt = state.signer.issue(user, forceChangePassword, call.nowMs);
  return json({ jwt }, 200, { 'set-cookie': authCookie(jwt, call.nowMs + SESSION_MS) });
}

/**
 * POST /auth/logout (auth/logout.go, public): the JWT of the
 * `portainer_api_key` cookie, when valid, is revoked (a bearer token sent
 * alongside is not), and the cookie is cleared. Always 204.
 */
export const logout: Handler = (state, call) => {
  const cookieToken = cookieOf(call.headers, AUTH_COOKIE);
  if (cookieToken !== undefined) state.signer.revoke(cookieToken, call.nowMs);
  return { status: 204, headers: { 'set-cookie': clearedAuthCookie() } };
};

/** LDAP group sync: a login adds the user to every team named like one of its groups; it never removes. */
function syncTeams(state: EmulatorState, user: StoredUser): void {
  const { teamSync, directory } = state.settings.auth;
  if (!teamSync) return;
  for (const group of directory.get(user.username.toLowerCase())?.groups ?? []) {
    const team = state.store.teams.teamByName(group);
    if (team && !state.store.teams.membershipsOfUser(user.id).some((membership) => membership.teamId === team.id)) {
      state.store.teams.createMembership(user.id, team.id, TEAM_MEMBER);
    }
  }
}
