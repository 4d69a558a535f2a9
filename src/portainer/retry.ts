/**
 * When and how long to wait before repeating a call that is safe to repeat
 * (GET, DELETE). Exponential backoff with jitter, so that many clients that
 * failed together do not come back together; `Retry-After` from a busy server
 * wins over our own guess; and every call gives up after a fixed number of
 * retries or once its time budget is spent, whichever comes first.
 */

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** The first wait; each later one doubles, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts later than this after the call's first attempt started. */
  budgetMs: number;
}

/**
 * Nine attempts within about 24 s at most (18 s on average): a plan's reads
 * get through a 30% error rate with odds of a failure near 1 in 10,000, and a
 * restarting proxy has time to come back. A server that is really down is
 * reported in well under the budget.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 8, baseDelayMs: 250, maxDelayMs: 4000, budgetMs: 30_000 };

/** Statuses that say "try again later" rather than "no". */
export const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Transport failures that are an answer, not a glitch: nothing listens on
 * that port, the host name does not exist, the certificate is not trusted.
 * Repeating them only delays the message a person needs.
 */
const PERMANENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EPROTO',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
]);

export function isTransientNetworkCode(code: string | undefined): boolean {
  return code === undefined || !PERMANENT_NETWORK_CODES.has(code);
}

/**
 * The wait before retry number `retry` (0 for the first): half of it fixed,
 * half random ("equal jitter"), so waits spread out but never collapse to 0.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

export interface RetryDecision {
  retry: boolean;
  delayMs: number;
}

/**
 * Whether to try again after attempt number `retry` failed, and after how
 * long: the server's `Retry-After` when it gave one (never less than our
 * backoff), unless that wait would run past the budget.
 */
export function decideRetry(input: {
  retry: number;
  policy: RetryPolicy;
  elapsedMs: number;
  retryAfterMs?: number | undefined;
  random?: () => number;
}): RetryDecision {
  const { retry, policy, elapsedMs } = input;
  if (retry >= policy.retries) return { retry: false, delayMs: 0 };
  const backoff = backoffDelay(retry, policy, input.random);
  const delayMs = Math.max(backoff, input.retryAfterMs ?? 0);
  if (elapsedMs + delayMs > policy.budgetMs) return { retry: false, delayMs: 0 };
  return { retry: true, delayMs };
}
