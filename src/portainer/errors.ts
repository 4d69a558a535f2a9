import { nameOf, type GivenAs } from './network/given-as.js';
import { STATUS_CODES } from 'node:http';
import { isTransientNetworkCode } from './transport/retry.js';

/**
 * Every way a call to Portainer can fail, as one error type that names the
 * call and carries a sentence a person can act on. Messages never contain a
 * request body: bodies hold passwords.
 */

export type PortainerErrorKind = 'http' | 'invalid-credentials' | 'network' | 'timeout' | 'invalid-response' | 'admin-init-timeout' | 'rate-limit-ban';

/** Which call failed: `path` is the API path as Portainer documents it, e.g. `/api/users/3`. */
export interface CallName {
  method: string;
  path: string;
}

export interface PortainerErrorFields extends CallName {
  kind: PortainerErrorKind;
  userMessage: string;
  status?: number;
  portainerMessage?: string;
  details?: string;
  /** For `network` failures: the system or TLS code (`ECONNRESET`), which says whether a retry can help. */
  networkCode?: string;
}

export class PortainerError extends Error {
  readonly kind: PortainerErrorKind;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly portainerMessage?: string;
  readonly details?: string;
  readonly networkCode?: string;
  readonly userMessage: string;

  constructor(fields: PortainerErrorFields) {
    super(fields.userMessage);
    this.name = 'PortainerError';
    this.kind = fields.kind;
    this.method = fields.method;
    this.path = fields.path;
    if (fields.status !== undefined) this.status = fields.status;
    if (fields.portainerMessage !== undefined) this.portainerMessage = fields.portainerMessage;
    if (fields.details !== undefined) this.details = fields.details;
    if (fields.networkCode !== undefined) this.networkCode = fields.networkCode;
    this.userMessage = fields.userMessage;
  }
}

/** What Portainer said in an error body (`{"message","details"}`), or the start of a non-JSON body. */
export interface PortainerComplaint {
  message?: string;
  details?: string;
}

export function statusLine(status: number): string {
  const reason = STATUS_CODES[status];
  return reason ? `${status} ${reason}` : String(status);
}

/** `POST /api/users failed with 409 Conflict: Another user with the same username already exists`. */
export function httpFailure(call: CallName, status: number, complaint: PortainerComplaint, hint?: string): PortainerError {
  let sentence = `${call.method} ${call.path} failed with ${statusLine(status)}`;
  if (complaint.message) sentence += `: ${complaint.message}`;
  // Portainer's details are often the Go error behind the message; show them when they add something.
  if (complaint.details && complaint.details !== complaint.message) sentence += ` (${complaint.details})`;
  if (hint) sentence += `. ${hint}`;
  return new PortainerError({ kind: 'http', ...call, status, ...complainedFields(complaint), userMessage: sentence });
}

/** Portainer answers a wrong password and an unknown user alike: 422 `Invalid credentials`. */
export function invalidCredentials(call: CallName, status: number, complaint: PortainerComplaint, username: string): PortainerError {
  const userMessage = `Invalid credentials for user "${username}" (${call.method} ${call.path} answered ${statusLine(status)})`;
  return new PortainerError({ kind: 'invalid-credentials', ...call, status, ...complainedFields(complaint), userMessage });
}

/** Portainer refused the identity this call (403): a standard user where an administrator is needed, say. */
export function isForbidden(error: unknown): error is PortainerError {
  return error instanceof PortainerError && error.kind === 'http' && error.status === 403;
}

/** A login refused for its username and password (not a ban, not a network failure). */
export function isInvalidCredentials(error: unknown): error is PortainerError {
  return error instanceof PortainerError && error.kind === 'invalid-credentials';
}

/** A 401 to a client with an API key: the key is wrong, revoked, or of a user that is gone. */
export function apiKeyRefused(call: CallName, status: number, complaint: PortainerComplaint, givenAs?: GivenAs): PortainerError {
  const said = complaint.message ? `: ${complaint.message}` : '';
  const userMessage = `the API key was refused (${call.method} ${call.path} answered ${statusLine(status)}${said}); check ${nameOf(givenAs, 'apiKey')}`;
  return new PortainerError({ kind: 'http', ...call, status, ...complainedFields(complaint), userMessage });
}

/** The URL reaches a web server, but not Portainer's API. */
export function notPortainer(call: CallName, url: string, status: number, givenAs?: GivenAs): PortainerError {
  const userMessage = `${originOf(url)}: this does not look like Portainer (${call.method} ${call.path} answered an HTML page, ${statusLine(status)}); check ${nameOf(givenAs, 'url')}`;
  return new PortainerError({ kind: 'invalid-response', ...call, status, userMessage });
}

/** A plain-http URL for a port that speaks https (Go's 400 says so). */
export function plainHttpToHttps(call: CallName, url: string): PortainerError {
  const origin = originOf(url);
  const userMessage = `${origin}: that port speaks https, not plain http: is the URL ${origin.replace(/^http:/, 'https:')}?`;
  return new PortainerError({ kind: 'http', ...call, status: 400, userMessage });
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

export function rateLimitBan(call: CallName, status: number, complaint: PortainerComplaint): PortainerError {
  const userMessage =
    `${call.method} ${call.path} was refused with ${statusLine(status)}: this address is banned for one hour by Portainer's rate limit ` +
    '(logins, API key creation and password changes share a bucket of 10, refilled at one per second); ' +
    'wait an hour or restart Portainer, then try again (the request itself was never looked at).';
  return new PortainerError({ kind: 'rate-limit-ban', ...call, status, ...complainedFields(complaint), userMessage });
}

export function adminInitTimeout(call: CallName, status: number): PortainerError {
  const userMessage =
    `${call.method} ${call.path} answered ${statusLine(status)} (AdminInitTimeout): Portainer disabled itself because no administrator ` +
    'was created within its admin-init timeout (5 minutes after start by default); restart Portainer, then run the tool again to initialise it.';
  return new PortainerError({ kind: 'admin-init-timeout', ...call, status, userMessage });
}

export function requestTimeout(call: CallName, timeoutMs: number): PortainerError {
  const userMessage = `${call.method} ${call.path} got no answer within the ${timeoutMs} ms timeout; Portainer is slow or unreachable`;
  return new PortainerError({ kind: 'timeout', ...call, userMessage });
}

export function networkFailure(call: CallName, url: string, cause: string, networkCode?: string): PortainerError {
  const userMessage = `${call.method} ${url} failed: ${cause}`;
  return new PortainerError({ kind: 'network', ...call, userMessage, ...(networkCode ? { networkCode } : {}) });
}

/**
 * Whether a failed write may have happened all the same: the request may have
 * reached Portainer when the answer was lost (a reset, a timeout) or when
 * Portainer or a proxy failed after acting (a 5xx, or a success whose body did
 * not parse). Only re-reading the server can tell; a 4xx or a refused
 * connection says plainly that nothing changed.
 */
export function outcomeUnknown(error: unknown): error is PortainerError {
  if (!(error instanceof PortainerError)) return false;
  switch (error.kind) {
    case 'timeout':
      return true;
    case 'network':
      // A refused connection, an unknown host, a failed TLS handshake: the request never left.
      return isTransientNetworkCode(error.networkCode);
    case 'http':
      return error.status !== undefined && error.status >= 500;
    case 'invalid-response':
      return error.status !== undefined && error.status >= 200 && error.status < 300;
    default:
      return false;
  }
}

/** `GET /api/users answered a body that is not a list of users: [0].Role: ...`. */
export function invalidResponse(call: CallName, status: number, expected: string, problem: string): PortainerError {
  const userMessage = `${call.method} ${call.path} answered a body that is not ${expected}: ${problem}`;
  return new PortainerError({ kind: 'invalid-response', ...call, status, userMessage });
}

/** An answer no Portainer gives (endless pages, an absurd count, JSON nested without end): `sentence` says what, after the call's name. */
export function implausibleAnswer(call: CallName, status: number | undefined, sentence: string): PortainerError {
  const userMessage = `${call.method} ${call.path} ${sentence}; Portainer never answers so, so the read stopped (is the URL right?)`;
  return new PortainerError({ kind: 'invalid-response', ...call, ...(status === undefined ? {} : { status }), userMessage });
}

function complainedFields(complaint: PortainerComplaint): { portainerMessage?: string; details?: string } {
  return {
    ...(complaint.message ? { portainerMessage: complaint.message } : {}),
    ...(complaint.details ? { details: complaint.details } : {}),
  };
}
