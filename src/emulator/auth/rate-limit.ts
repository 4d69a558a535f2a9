/**
 * Portainer's shared limiter for POST /auth, POST /users/{id}/tokens and
 * PUT /users/{id}/passwd (api/http/security/rate_limiter.go over the
 * g07cha/defender package over golang.org/x/time/rate):
 * - one token bucket per client IP, full (`burst`) at first sight, refilled at
 *   `perSecond`; a refused request takes no token;
 * - the request that finds the bucket empty is refused and bans the IP for
 *   `banMs`; while banned every request is refused and the ban is not extended;
 * - once the ban has run out the IP starts again with the bucket as refilled.
 */
export interface RateLimitPolicy {
  burst: number;
  perSecond: number;
  banMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitPolicy = { burst: 10, perSecond: 1, banMs: 3_600_000 };

interface ClientBucket {
  tokens: number;
  lastMs: number;
  bannedUntilMs: number | undefined;
}

export class RateLimiter {
  readonly #policy: RateLimitPolicy;
  readonly #clients = new Map<string, ClientBucket>();

  constructor(policy: RateLimitPolicy) {
    this.#policy = policy;
  }

  /** Counts one request from `ip`; true when it must be answered 403 `Access denied`. */
  refuses(ip: string, nowMs: number): boolean {
    const client = this.#clientFor(ip, nowMs);
    if (client.bannedUntilMs !== undefined) {
      if (nowMs <= client.bannedUntilMs) return true;
      client.bannedUntilMs = undefined;
    }
    const refilled = Math.min(
      this.#policy.burst,
      client.tokens + ((nowMs - client.lastMs) / 1000) * this.#policy.perSecond,
    );
    if (refilled < 1) {
      client.bannedUntilMs = nowMs + this.#policy.banMs;
      return true;
    }
    client.tokens = refilled - 1;
    client.lastMs = nowMs;
    return false;
  }

  #clientFor(ip: string, nowMs: number): ClientBucket {
    let client = this.#clients.get(ip);
    if (client === undefined) {
      client = { tokens: this.#policy.burst, lastMs: nowMs, bannedUntilMs: undefined };
      this.#clients.set(ip, client);
    }
    return client;
  }
}
