import { MAX_JSON_DEPTH } from './json-depth.js';
import { MAX_ANSWER_BYTES } from './answer-body.js';

/**
 * Node's fetch reports every transport failure as `TypeError: fetch failed`
 * and hides the reason in `cause` (sometimes one level deeper); `exchange.ts`
 * does the same with the `node:http` error. This turns it into words, keeping
 * the system code so a person can search for it.
 */

export const PLAIN_HTTP_TO_TLS = 'PLAIN_HTTP_TO_TLS_PORT';
const TRUST_HINT = 'give --ca-cert FILE to trust the CA that signed it, or --insecure to skip verification';

const EXPLAINED: Record<string, string> = {
  ECONNREFUSED: 'connection refused; is Portainer running and listening on that port?',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed for now (DNS)',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'the connection timed out',
  DEPTH_ZERO_SELF_SIGNED_CERT: `Portainer's TLS certificate is self-signed and not trusted; ${TRUST_HINT}`,
  SELF_SIGNED_CERT_IN_CHAIN: `Portainer's TLS certificate chain ends in a self-signed certificate that is not trusted; ${TRUST_HINT}`,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: `Portainer's TLS certificate could not be verified (unknown issuer); ${TRUST_HINT}`,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: `Portainer's TLS certificate could not be verified (unknown issuer); ${TRUST_HINT}`,
  CERT_HAS_EXPIRED: "Portainer's TLS certificate has expired",
  ERR_TLS_CERT_ALTNAME_INVALID: "Portainer's TLS certificate does not name this host",
  EPROTO: 'TLS handshake failed (is it plain http on that port?)',
  [PLAIN_HTTP_TO_TLS]: 'that port speaks TLS, not plain http: is the URL https://?',
  ANSWER_TOO_LARGE: `the answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB (after decompression), far more than Portainer sends; refused unread`,
  ANSWER_TOO_DEEP: `the answer is JSON nested more than ${MAX_JSON_DEPTH} levels deep, which no Portainer answer is; refused unparsed`,
};

export function describeNetworkCause(error: unknown): string {
  const code = findCode(error);
  if (code === PLAIN_HTTP_TO_TLS || code === 'ANSWER_TOO_LARGE' || code === 'ANSWER_TOO_DEEP') return EXPLAINED[code] as string;
  if (code !== undefined) return `${EXPLAINED[code] ?? innermostMessage(error)} (${code})`;
  return innermostMessage(error);
}

/** The failure of a plain-http request to a TLS port, found out by `tls-probe.ts`: ours, not the system's. */
export function plainHttpToTls(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('plain http to a TLS port'), { code: PLAIN_HTTP_TO_TLS, cause }) });
}

/** The system or TLS code of a transport failure (`ECONNRESET`), if any. */
export function findCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; isObject(current) && depth < 4; current = current.cause, depth += 1) {
    if (typeof current.code === 'string') return current.code;
  }
  return undefined;
}

function innermostMessage(error: unknown): string {
  let message = 'unknown network error';
  for (let current = error, depth = 0; isObject(current) && depth < 4; current = current.cause, depth += 1) {
    if (typeof current.message === 'string' && current.message !== '') message = current.message;
  }
  return message;
}

function isObject(value: unknown): value is { code?: unknown; message?: unknown; cause?: unknown } {
  return typeof value === 'object' && value !== null;
}
