import type { IncomingHttpHeaders } from 'node:http';
import { INIT_TIMEOUT_MESSAGE, INIT_TIMEOUT_REASON } from '../handlers/admin-monitor.js';
import { AUTH_COOKIE, authenticate, cookieOf } from '../auth/authenticate.js';
import { failure, plainText, type Reply } from './reply.js';
import { matchRoute } from './routes.js';
import type { EmulatorState, Identity } from '../stores/state.js';
import { ADMIN_ROLE } from '../stores/store.js';
import { teamAccessOf } from '../auth/team-access.js';

export interface IncomingCall {
  method: string;
  requestUri: string; // path and query, as received
  headers: IncomingHttpHeaders;
  body: string;
  ip: string;
  nowMs: number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/**
 * One request through Portainer's middleware, outermost first: the CSRF
 * wrapper, the admin-init timeout, routing, the rate limiter of /auth, the
 * bouncer (with its admin and team-leader checks), the rate limiter of the
 * token and password routes, the handler.
 */
export function respond(state: EmulatorState, incoming: IncomingCall): Reply {
  const url = new URL(incoming.requestUri, 'http://emulator');
  const refused = csrfRefusal(incoming.method, incoming.headers);
  if (refused !== undefined) return refused;
  if (state.monitor.blocks(incoming.requestUri)) {
    return { ...failure(303, INIT_TIMEOUT_MESSAGE), headers: { 'redirect-reason': INIT_TIMEOUT_REASON } };
  }
  if (!url.pathname.startsWith('/api/')) return plainText(404, '404 page not found\n');
  const match = matchRoute(incoming.method, url.pathname.slice('/api'.length));
  if (match.kind === 'not-found') return plainText(404, '404 page not found\n');
  if (match.kind === 'method-not-allowed') return { status: 405 };
  const { route, params } = match;
  const limited = () => state.limiter.refuses(incoming.ip, incoming.nowMs);
  if (route.rateLimited === 'before-auth' && limited()) return accessDenied();
  let identity: Identity | undefined;
  if (route.access !== 'public') {
    const authentication = authenticate(state, incoming.headers, url.searchParams, incoming.nowMs);
    if (!authentication.ok) return authentication.reply;
    identity = authentication.identity;
    if (route.access === 'admin' && identity.role !== ADMIN_ROLE) return failure(403, 'Access denied', 'Unauthorized');
    if (route.access === 'team-leader' && !isAdminOrTeamLeader(state, identity)) return failure(403, 'Access denied', 'Unauthorized');
  }
  if (route.rateLimited === 'after-auth' && limited()) return accessDenied();
  const { method, headers, body, nowMs } = incoming;
  return route.handler(state, { method, params, query: url.searchParams, headers, body, identity, nowMs });
}

/** bouncer.go mwIsTeamLeader, with the caller's memberships as they are now. */
function isAdminOrTeamLeader(state: EmulatorState, identity: Identity): boolean {
  const access = teamAccessOf(state, identity);
  return access.isAdmin || access.isTeamLeader;
}

/** rate_limiter.go: the same answer for the request that empties the bucket and for a banned IP. */
function accessDenied(): Reply {
  return failure(403, 'Access denied', 'Access denied to resource');
}

/**
 * api/http/csrf/csrf.go. With the `portainer_api_key` cookie, gorilla/csrf
 * checks every unsafe method (the emulator issues no CSRF tokens, so such a
 * write always fails). Without it, X-API-Key and Authorization together are
 * refused: 403 in 2.23, 401 in later versions; the emulator follows 2.45.
 */
function csrfRefusal(method: string, headers: IncomingHttpHeaders): Reply | undefined {
  if (cookieOf(headers, AUTH_COOKIE) !== undefined) {
    if (SAFE_METHODS.has(method)) return undefined;
    const reason = headers['x-csrf-token'] === undefined ? 'CSRF token not found in request' : 'CSRF token invalid';
    return plainText(403, `Forbidden - ${reason}\n`);
  }
  const apiKey = headers['x-api-key'];
  const authorization = headers.authorization;
  if (typeof apiKey === 'string' && apiKey !== '' && authorization !== undefined && authorization !== '') {
    return failure(401, 'api key and auth header are not allowed at the same time');
  }
  return undefined;
}
