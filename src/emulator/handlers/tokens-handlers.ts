import { jwtIdentity } from '../auth/authenticate.js';
import { passwordMatches } from '../auth/password-hash.js';
import { decodePayload } from '../http/payload.js';
import { apiKeyJson, failure, INVALID_PAYLOAD, json, noContent, OBJECT_NOT_FOUND, USER_NOT_FOUND } from '../http/reply.js';
import { callerOf, isAdmin, numericParam } from '../http/route-values.js';
import type { Handler } from '../stores/state.js';
import { ADMIN_ROLE } from '../stores/store.js';

const INVALID_USER_ID = 'Invalid user identifier route variable';

/**
 * GET /users/{id}/tokens (user_get_access_tokens.go): the user itself, or an
 * admin for a user who is not an admin. Digests are stripped; times are unix seconds.
 */
export const listApiKeys: Handler = (state, call) => {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_USER_ID);
  const user = state.store.user(id);
  if (user === undefined) return failure(404, USER_NOT_FOUND, OBJECT_NOT_FOUND);
  const caller = callerOf(call);
  if (caller.userId !== id && (!isAdmin(caller) || user.role === ADMIN_ROLE)) {
    return failure(403, 'Permission denied to get user access tokens', 'Unauthorized');
  }
  return json(state.store.apiKeysOf(id).map((key) => apiKeyJson(key)));
};

/**
 * govalidator's checks in user_create_access_token.go. MinStringLength(d, "128")
 * is true from 128 runes on, so Portainer refuses 128 characters already:
 * a description may have 1..127 characters.
 */
function descriptionProblem(description: string): string | undefined {
  if (description === '') return 'invalid description: cannot be empty';
  if (/^[\t\n\v\f\r ]+$/.test(description)) return 'invalid description: cannot contain only whitespaces';
  if ([...description].length >= 128) return 'invalid description: cannot be longer than 128 characters';
  return undefined;
}

/**
 * POST /users/{id}/tokens: only the user itself, and only with a JWT (an API
 * key gets 401 `Auth not supported`); the current password is required.
 * Answers 200 as Portainer 2.45 does, or 201 (2.19-2.23) when configured.
 */
export const createApiKey: Handler = (state, call) => {
  if (jwtIdentity(state, call.headers, call.nowMs) === undefined) {
    return failure(401, 'Auth not supported', 'Authentication required');
  }
  const payload = decodePayload(call.body, { password: 'string', description: 'string' });
  if (!payload.ok) return failure(400, INVALID_PAYLOAD, payload.reason);
  const problem = descriptionProblem(payload.value.description);
  if (problem !== undefined) return failure(400, INVALID_PAYLOAD, problem);
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_USER_ID);
  if (callerOf(call).userId !== id) return failure(403, 'Permission denied to create user access token', 'Unauthorized');
  const user = state.store.user(id);
  if (user === undefined) return failure(500, USER_NOT_FOUND, OBJECT_NOT_FOUND);
  // The current password is checked for user Id 1 and under internal authentication only.
  if (user.id === 1 || state.settings.auth.method === 'internal') {
    if (payload.value.password === '') return failure(400, INVALID_PAYLOAD, 'invalid password: cannot be empty');
    if (!passwordMatches(user.passwordHash, payload.value.password)) {
      return failure(403, "Current password doesn't match", 'Current password does not match the password provided. Please try again');
    }
  }
  const { rawKey, apiKey } = state.store.createApiKey(id, payload.value.description);
  return json({ rawAPIKey: rawKey, apiKey: apiKeyJson(apiKey, { withDigest: true }) }, state.settings.apiKeyCreateStatus);
};

/** DELETE /users/{id}/tokens/{keyID} (user_remove_access_token.go): an unknown key is a 500. */
export const removeApiKey: Handler = (state, call) => {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_USER_ID);
  const keyId = numericParam(call, 'keyID');
  if (keyId === undefined) return failure(400, 'Invalid api-key identifier route variable');
  const caller = callerOf(call);
  // Portainer's message here really says "get".
  if (!isAdmin(caller) && caller.userId !== id) return failure(403, 'Permission denied to get user access tokens', 'Unauthorized');
  if (state.store.user(id) === undefined) return failure(404, USER_NOT_FOUND, OBJECT_NOT_FOUND);
  const key = state.store.apiKey(keyId);
  if (key === undefined) return failure(500, 'API Key not found', OBJECT_NOT_FOUND);
  if (key.userId !== id) return failure(403, 'Permission denied to remove api-key', 'Unauthorized');
  state.store.deleteApiKey(keyId);
  return noContent();
};
