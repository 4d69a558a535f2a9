import type { IncomingHttpHeaders } from 'node:http';
import { AUTH_COOKIE, cookieOf } from '../auth/authenticate.js';
import { plainText, type Reply } from './reply.js';

/**
 * api/http/csrf/csrf.go of 2.45, outermost on every request (before routing
 * and the admin-init timeout):
 * 1. a write carrying the `portainer_api_key` cookie but neither `Origin` nor
 *    `Sec-Fetch-Site` is refused, unless it also carries an API key or an
 *    Authorization header (a browser never sets those itself);
 * 2. Go's http.CrossOriginProtection: a write whose `Sec-Fetch-Site` is
 *    `same-origin` or `none` passes, any other value is refused; without it,
 *    no `Origin` passes, an `Origin` whose host is the `Host` header passes;
 *    an `Origin` listed in --trusted-origins passes either way.
 * The refusal is http.Error's: 403, text/plain `Forbidden`.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfRefusal(method: string, headers: IncomingHttpHeaders, trustedOrigins: ReadonlySet<string>): Reply | undefined {
  if (SAFE_METHODS.has(method)) return undefined;
  const origin = header(headers, 'origin');
  const fetchSite = header(headers, 'sec-fetch-site');
  if (origin === '' && fetchSite === '' && cookieOnly(headers)) return forbidden();
  if (fetchSite === 'same-origin' || fetchSite === 'none') return undefined;
  if (fetchSite === '' && (origin === '' || hostOf(origin) === header(headers, 'host'))) return undefined;
  return trustedOrigins.has(origin) ? undefined : forbidden();
}

/** A browser's session: the cookie, without the credentials only a script sets. */
function cookieOnly(headers: IncomingHttpHeaders): boolean {
  if (header(headers, 'x-api-key') !== '' || header(headers, 'authorization') !== '') return false;
  return cookieOf(headers, AUTH_COOKIE) !== undefined;
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Go's url.Parse(origin).Host, as written (no default port dropped); `null` and the like have none. */
function hostOf(origin: string): string | undefined {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#]+)/.exec(origin)?.[1];
}

function forbidden(): Reply {
  return plainText(403, 'Forbidden\n');
}

/**
 * http.CrossOriginProtection.AddTrustedOrigin: `scheme://host[:port]`, with no
 * path, query or fragment; the Origin header must then match it exactly.
 */
export function parseTrustedOrigin(origin: string): string {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]+)$/.exec(origin);
  if (match === null) throw new Error(`invalid trusted origin "${origin}": give scheme://host[:port], with no path, query or fragment`);
  return origin;
}
