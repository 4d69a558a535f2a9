import { FLAG_NAMES, nameOf, type GivenAs } from './given-as.js';
import { MAX_JSON_DEPTH } from '../transport/json-depth.js';
import { MAX_ANSWER_BYTES } from '../transport/answer-body.js';

/**
 * Node's fetch reports every transport failure as `TypeError: fetch failed`
 * and hides the reason in `cause` (sometimes one level deeper); `exchange.ts`
 * does the same with the `node:http` error. This turns it into words. The
 * system code stays on the error as data (`networkCode`), not in the
 * sentence: a code a person has to search for is no explanation.
 */

export const PLAIN_HTTP_TO_TLS = 'PLAIN_HTTP_TO_TLS_PORT';

/** Where a certificate check failed: what the person can do about it depends on whether a CA bundle was given. */
export interface TrustContext {
  /** A CA bundle was given (`--ca-cert`), and it did not vouch for the certificate. */
  caGiven?: boolean;
  givenAs?: GivenAs;
}

/** What to do about a certificate nobody trusts: give a CA bundle, give the right one, or skip the check. */
function trustHint(context: TrustContext): string {
  // What to do next is said as the flags, however the settings were given.
  const insecure = `or ${FLAG_NAMES.insecure} to skip verification`;
  if (context.caGiven) return `the CA bundle given as ${nameOf(context.givenAs, 'caCert')} does not hold the CA that signed it; give the right bundle, ${insecure}`;
  return `give ${FLAG_NAMES.caCert} FILE to trust the CA that signed it, ${insecure}`;
}

/** Codes of the system and of TLS in words; a function where the words depend on the settings. */
const EXPLAINED: Record<string, string | ((context: TrustContext) => string)> = {
  ECONNREFUSED: 'connection refused; is Portainer running and listening on that port?',
  ECONNRESET: 'the connection was reset (closed by the server or something in between)',
  ECONNABORTED: 'the connection was aborted',
  EPIPE: 'the connection was closed while the request was being sent',
  ENOTFOUND: 'host name not found (DNS)',
  EAI_AGAIN: 'host name lookup failed for now (DNS)',
  EAI_FAIL: 'host name lookup failed (DNS)',
  EHOSTUNREACH: 'host unreachable',
  EHOSTDOWN: 'the host is down',
  ENETUNREACH: 'network unreachable',
  ENETDOWN: 'the network is down',
  EADDRNOTAVAIL: 'the address cannot be used from this machine',
  ETIMEDOUT: 'the connection timed out',
  EACCES: 'permission denied (a firewall or a sandbox may forbid the connection)',
  EPERM: 'the connection was not permitted (a firewall or a sandbox may forbid it)',
  ENOENT: 'no such address',
  EPROTO: 'the TLS handshake failed (is it plain http on that port, or an old TLS version?)',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the TLS handshake failed (is it plain http on that port?)',
  DEPTH_ZERO_SELF_SIGNED_CERT: (context) => `Portainer's TLS certificate is self-signed and not trusted; ${trustHint(context)}`,
  SELF_SIGNED_CERT_IN_CHAIN: (context) => `Portainer's TLS certificate chain ends in a self-signed certificate that is not trusted; ${trustHint(context)}`,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: (context) => `Portainer's TLS certificate could not be verified (unknown issuer); ${trustHint(context)}`,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: (context) => `Portainer's TLS certificate could not be verified (unknown issuer); ${trustHint(context)}`,
  UNABLE_TO_GET_ISSUER_CERT: (context) => `the issuer of Portainer's TLS certificate could not be found; ${trustHint(context)}`,
  CERT_UNTRUSTED: (context) => `Portainer's TLS certificate is not trusted; ${trustHint(context)}`,
  CERT_SIGNATURE_FAILURE: "Portainer's TLS certificate has a signature that does not verify",
  CERT_NOT_YET_VALID: "Portainer's TLS certificate is not valid yet (check this machine's clock)",
  CERT_HAS_EXPIRED: "Portainer's TLS certificate has expired",
  CERT_REVOKED: "Portainer's TLS certificate has been revoked",
  CERT_REJECTED: "Portainer's TLS certificate was rejected",
  CERT_CHAIN_TOO_LONG: "Portainer's TLS certificate chain is too long",
  INVALID_CA: (context) => `a CA certificate in the chain is not valid as a CA; ${trustHint(context)}`,
  ERR_TLS_CERT_ALTNAME_INVALID: "Portainer's TLS certificate does not name this host",
  [PLAIN_HTTP_TO_TLS]: 'that port speaks TLS, not plain http: is the URL https://?',
  ANSWER_TOO_LARGE: `the answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB (after decompression), far more than Portainer sends; refused unread`,
  ANSWER_TOO_DEEP: `the answer is JSON nested more than ${MAX_JSON_DEPTH} levels deep, which no Portainer answer is; refused unparsed`,
};

export function describeNetworkCause(error: unknown, context: TrustContext = {}): string {
  const code = findCode(error);
  const words = code === undefined ? undefined : EXPLAINED[code];
  if (typeof words === 'function') return words(context);
  if (words !== undefined) return words;
  // A code without words: the system's own message, which usually says more than the code alone.
  const message = innermostMessage(error);
  return code === undefined || message.includes(code) ? message : `${message} (${code})`;
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
