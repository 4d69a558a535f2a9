import type { IncomingHttpHeaders } from 'node:http';
import type { AdminInitMonitor } from '../handlers/admin-monitor.js';
import type { JwtSigner } from '../auth/jwt.js';
import type { RateLimiter } from '../auth/rate-limit.js';
import { failure, type Reply } from '../http/reply.js';
import type { ExternalAuth } from '../auth/directory.js';
import type { StaleWriters } from '../back-door/stale-writer.js';
import type { TrustedProxies } from '../auth/client-ip.js';
import type { EmulatorStore, Role } from './store.js';

export interface ServerSettings {
  minPasswordLength: number;
  setupToken: string | undefined;
  apiKeyCreateStatus: 200 | 201;
  instanceId: string;
  auth: ExternalAuth;
  /** Peers whose X-Forwarded-For names the client for the rate limiter; none in 2.45. */
  trustedProxies: TrustedProxies | undefined;
  /** --trusted-origins: an Origin allowed to write across sites. */
  trustedOrigins: ReadonlySet<string>;
  /** --csp (default true): the Content-Security-Policy header. */
  csp: boolean;
}

/** Everything a handler may read or change; one per running emulator. */
export interface EmulatorState {
  readonly store: EmulatorStore;
  readonly signer: JwtSigner;
  readonly limiter: RateLimiter;
  readonly monitor: AdminInitMonitor;
  readonly settings: ServerSettings;
  /** Other clients that write back stale copies of access (back door; a real Portainer has them too). */
  readonly staleWriters: StaleWriters;
}

/**
 * Portainer's TokenData: who is calling and with which role. For a JWT the
 * role is the one in its claims; for an API key it is the user's current role.
 */
export interface Identity {
  userId: number;
  username: string;
  role: Role | number;
  forceChangePassword: boolean;
  via: 'api-key' | 'cookie' | 'jwt';
}

export interface Call {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  identity: Identity | undefined;
  nowMs: number;
}

export type Handler = (state: EmulatorState, call: Call) => Reply;

/** Portainer's password strength checker: byte length against RequiredPasswordLength. */
export function passwordStrongEnough(state: EmulatorState, password: string): boolean {
  return Buffer.byteLength(password, 'utf8') >= state.settings.minPasswordLength;
}

/** bcrypt refuses more than 72 bytes: Portainer's hashing answers 500 on every path that sets a password. */
export const BCRYPT_MAX_BYTES = 72;

/** The answer when bcrypt refuses: users/handler.go wraps errCryptoHashFailure ("Unable to hash data"). */
export function hashFailure(): Reply {
  return failure(500, 'Unable to hash user password', 'Unable to hash data');
}

export function tooLongToHash(password: string): boolean {
  return Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES;
}
