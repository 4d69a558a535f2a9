import type { IncomingHttpHeaders } from 'node:http';
import { INIT_TIMEOUT_MESSAGE, INIT_TIMEOUT_REASON } from '../handlers/admin-monitor.js';
import { authenticate } from '../auth/authenticate.js';
import { clientIp } from '../auth/client-ip.js';
import { csrfRefusal } from './csrf.js';
import { failure, plainText, type Reply } from './reply.js';
import { matchRoute, type RouteMatch } from './routes.js';
import { withSecureHeaders } from './secure-headers.js';
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

type FoundRoute = Extract<RouteMatch, { kind: 'found' }>;

/**
 * One request through Portainer's middleware, outermost first: the CSRF
 * wrapper, the admin-init timeout, routing, the rate limiter of /auth, the
 * bouncer (secure headers, authentication, the admin and team-leader checks),
 * the rate limiter of the token and password routes, the handler.
 */
export function respond(state: EmulatorState, incoming: IncomingCall): Reply {
  const url = new URL(incoming.requestUri, 'http://emulator');
  const refused = csrfRefusal(incoming.method, incoming.headers, state.settings.trustedOrigins);
  if (refused !== undefined) return refused;
  if (state.monitor.blocks(incoming.requestUri)) {
    return { ...failure(303, INIT_TIMEOUT_MESSAGE), headers: { 'redirect-reason': INIT_TIMEOUT_REASON } };
  }
  if (!url.pathname.startsWith('/api/')) return plainText(404, '404 page not found\n');
  const match = matchRoute(incoming.method, url.pathname.slice('/api'.length));
  if (match.kind === 'not-found') return plainText(404, '404 page not found\n');
  if (match.kind === 'method-not-allowed') return { status: 405 };
  const limited = () => state.limiter.refuses(clientIp(incoming.ip, incoming.headers, state.settings.trustedProxies), incoming.nowMs);
  if (match.route.rateLimited === 'before-auth' && limited()) return accessDenied();
  return withSecureHeaders(behindBouncer(state, incoming, url, match, limited), state.settings.csp);
}

function behindBouncer(state: EmulatorState, incoming: IncomingCall, url: URL, match: FoundRoute, limited: () => boolean): Reply {
  const { route, params } = match;
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
