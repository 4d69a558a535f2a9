import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { unixSeconds } from '../stores/time.js';

/**
 * HS256 JWTs shaped like Portainer's (api/jwt/jwt.go): the claims carry the
 * user id, name and role, and `iat`/`exp` in whole seconds. The secret is made
 * per process, so a restarted emulator refuses every old token, as Portainer does.
 */
export interface TokenClaims {
  id: number;
  username: string;
  role: number;
  scope: 'default';
  forceChangePassword: boolean;
  exp: number;
  iat: number;
  jti: string;
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
/** Portainer's default user session timeout is 8h. */
const SESSION_SECONDS = 8 * 60 * 60;

function base64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

export class JwtSigner {
  readonly #secret = randomBytes(32);
  /** bouncer.go revokedJWT: the jti of each token logged out, with its expiry (unix seconds). */
  readonly #revoked = new Map<string, number>();

  issue(
    user: { id: number; username: string; role: number },
    forceChangePassword: boolean,
    nowMs: number,
  ): string {
    const iat = unixSeconds(nowMs);
    const claims: TokenClaims = {
      id: user.id,
      username: user.username,
      role: user.role,
      scope: 'default',
      forceChangePassword,
      exp: iat + SESSION_SECONDS,
      iat,
      jti: randomUUID(),
    };
    const unsigned = `${HEADER}.${base64url(JSON.stringify(claims))}`;
    return `${unsigned}.${this.#sign(unsigned)}`;
  }

  /**
   * The claims of a well-signed, unexpired HS256 token, else undefined. Whether
   * the user still exists and TokenIssueAt is checked by the caller.
   */
  verify(token: string, nowMs: number): TokenClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.#sign(`${header}.${payload}`));
    const actual = Buffer.from(signature);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    const claims = parseJson(payload);
    if (parseJson(header)?.['alg'] !== 'HS256' || claims === undefined) return undefined;
    if (typeof claims['id'] !== 'number' || typeof claims['iat'] !== 'number') return undefined;
    // golang-jwt v4: valid while now < exp, and refused when issued in the future.
    if (typeof claims['exp'] === 'number' && nowMs >= claims['exp'] * 1000) return undefined;
    if (claims['iat'] > unixSeconds(nowMs)) return undefined;
    if (typeof claims['jti'] === 'string' && this.#revoked.has(claims['jti'])) return undefined;
    return claims as unknown as TokenClaims;
  }

  /**
   * POST /auth/logout (RevokeJWT): a valid token stops working at once, while
   * its copies elsewhere would still be well signed. Expired entries are dropped
   * here, as Portainer's hourly clean-up does.
   */
  revoke(token: string, nowMs: number): void {
    const claims = this.verify(token, nowMs);
    if (claims === undefined) return;
    for (const [jti, exp] of this.#revoked) if (exp * 1000 <= nowMs) this.#revoked.delete(jti);
    this.#revoked.set(claims.jti, claims.exp);
  }

  #sign(unsigned: string): string {
    return createHmac('sha256', this.#secret).update(unsigned).digest('base64url');
  }
}

function parseJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
