import { findCode, PLAIN_HTTP_TO_TLS } from '../network/network-cause.js';

/**
 * When and how long to wait before repeating a call that is safe to repeat
 * (GET, DELETE): exponential backoff with jitter, so that many clients that
 * failed together do not come back together; `Retry-After` from a busy
 * server wins over our own guess; and every call gives up after a fixed
 * number of retries or once its time budget is spent, whichever comes first.
 * ky does the waiting and the repeating, with the options `ky-retries.ts`
 * makes of this policy.
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
export const RETRIED_STATUSES: readonly number[] = [429, 502, 503, 504];

/** Only reads and deletes are repeated: a POST or PUT may have happened even when its answer was lost. */
export const RETRIED_METHODS: readonly string[] = ['get', 'delete'];

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
  PLAIN_HTTP_TO_TLS,
  'ANSWER_TOO_LARGE',
  'ANSWER_TOO_DEEP',
]);

export function isTransientNetworkCode(code: string | undefined): boolean {
  return code === undefined || !PERMANENT_NETWORK_CODES.has(code);
}

/** The longest wait before retry number `retry` (1 for the first): the base, doubling, up to the ceiling. */
export function backoffCeiling(retry: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
}

/** Half of a wait fixed, half random ("equal jitter"), so waits spread out but never collapse to 0. */
export function equalJitter(delay: number, random: () => number = Math.random): number {
  return Math.round(delay / 2 + (delay / 2) * random());
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
