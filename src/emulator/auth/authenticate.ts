import type { IncomingHttpHeaders } from 'node:http';
import { digestOf } from './api-key-material.js';
import { failure, type Reply } from '../http/reply.js';
import type { EmulatorState, Identity } from '../stores/state.js';
import { unixSeconds } from '../stores/time.js';

/**
 * Portainer's request bouncer (api/http/security/bouncer.go, mwAuthenticateFirst,
 * 2.45): an API key and an Authorization header together are refused first;
 * then the API key is looked up, then the `portainer_api_key` cookie, then the
 * bearer token; the first credential present decides, and a bad one (revoked
 * by a logout too) is a 401 `Invalid JWT token` whatever its kind.
 */
export const AUTH_COOKIE = 'portainer_api_key';

export type Authentication = { ok: true; identity: Identity } | { ok: false; reply: Reply };

const UNAUTHORIZED = 'Unauthorized';

export function authenticate(
  state: EmulatorState,
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  nowMs: number,
): Authentication {
  const rawKey = apiKeyOf(headers, query);
  const cookieToken = cookieOf(headers, AUTH_COOKIE);
  const bearer = bearerOf(headers);
  if (rawKey !== undefined && bearer !== undefined) {
    return { ok: false, reply: failure(401, 'API key and auth header are not allowed at the same time', UNAUTHORIZED) };
  }
  let identity: Identity | undefined;
  if (rawKey !== undefined) identity = identityFromApiKey(state, rawKey, nowMs);
  else if (cookieToken !== undefined) identity = identityFromJwt(state, cookieToken, nowMs, 'cookie');
  else if (bearer !== undefined) identity = identityFromJwt(state, bearer, nowMs, 'jwt');
  else return { ok: false, reply: failure(401, 'A valid authorization token is missing', UNAUTHORIZED) };
  if (identity === undefined) return { ok: false, reply: failure(401, 'Invalid JWT token', UNAUTHORIZED) };
  return { ok: true, identity };
}

/** POST /users/{id}/tokens accepts only a JWT, from the cookie or the bearer header. */
export function jwtIdentity(state: EmulatorState, headers: IncomingHttpHeaders, nowMs: number) {
  const cookieToken = cookieOf(headers, AUTH_COOKIE);
  const fromCookie = cookieToken === undefined ? undefined : identityFromJwt(state, cookieToken, nowMs, 'cookie');
  if (fromCookie !== undefined) return fromCookie;
  const bearer = bearerOf(headers);
  return bearer === undefined ? undefined : identityFromJwt(state, bearer, nowMs, 'jwt');
}

/**
 * api/jwt/jwt.go ParseAndVerifyToken: refused when the user is gone or when
 * `user.TokenIssueAt > claims.iat`, both in whole seconds. A token issued in the
 * same second as a role or password change therefore stays valid.
 */
function identityFromJwt(state: EmulatorState, token: string, nowMs: number, via: 'cookie' | 'jwt'): Identity | undefined {
  const claims = state.signer.verify(token, nowMs);
  if (claims === undefined) return undefined;
  const user = state.store.user(claims.id);
  if (user === undefined || user.tokenIssueAt > claims.iat) return undefined;
  return {
    userId: claims.id,
    username: claims.username,
    role: claims.role,
    forceChangePassword: claims.forceChangePassword,
    via,
  };
}

/** An API key's `lastUsed` moves at most once a minute (bouncer.go apiKeyLookup). */
function identityFromApiKey(state: EmulatorState, rawKey: string, nowMs: number): Identity | undefined {
  const key = state.store.apiKeyByDigest(digestOf(rawKey));
  const user = key === undefined ? undefined : state.store.user(key.userId);
  if (key === undefined || user === undefined) return undefined;
  const now = unixSeconds(nowMs);
  if (now - key.lastUsed > 60) key.lastUsed = now;
  return { userId: user.id, username: user.username, role: user.role, forceChangePassword: false, via: 'api-key' };
}

export function apiKeyOf(headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
  const header = headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  for (const [name, value] of query) if (name.toLowerCase() === 'x-api-key') return value;
  return undefined;
}

/** 2.45 reads the bearer from the Authorization header only (no `token` query parameter); "Bearer " is trimmed. */
export function bearerOf(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (header === undefined) return undefined;
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length) : header;
}

/** Go's r.Cookie: a cookie that is present counts, even with an empty value. */
export function cookieOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  for (const pair of (headers.cookie ?? '').split(';')) {
    const [key, ...rest] = pair.trim().split('=');
    if (key === name && rest.length > 0) return rest.join('=');
  }
  return undefined;
}
