import ky, { HTTPError, type Hooks, type KyInstance, type RetryOptions } from 'ky';
import { findCode } from '../network/network-cause.js';
import { backoffCeiling, equalJitter, isTransientNetworkCode, RETRIED_METHODS, RETRIED_STATUSES, retryAfterMs, type RetryPolicy } from './retry.js';

/**
 * ky, which decides every retry (`retry.ts` says by what policy). It is
 * loaded by the first answer that might be retried (a busy status, a failed
 * exchange), not before: a plan whose answers all come at the first attempt
 * never pays for it, nor for the fetch objects ky builds for each call.
 */
export { HTTPError };

/**
 * A ky instance whose every attempt is made by `attempt`, from ky's
 * `beforeRequest` hook (ky's documented way to answer a request itself): ky
 * is handed a `Response` with the status alone (and a busy one's headers),
 * and throws only a busy status, for its retry to see.
 */
export function retryingKy(apiUrl: string, attempt: NonNullable<Hooks['beforeRequest']>[number]): KyInstance {
  return ky.create({
    prefixUrl: `${apiUrl}/`,
    // Per attempt, in the exchange (an attempt made by the hook is not timed by ky); it covers the body too.
    timeout: false,
    throwHttpErrors: (status) => RETRIED_STATUSES.includes(status),
    hooks: { beforeRequest: [attempt] },
  });
}

/**
 * ky's retry options for one call that started at `startedAt` (ms since the
 * epoch). ky retries a busy status by itself (waiting what `Retry-After`
 * asks) and a transport failure when `shouldRetry` says so; `shouldRetry`
 * refuses a retry whose wait would end past the budget, a timeout (a server
 * that slow is told at once), and a transport failure that is an answer.
 */
export function retryOptionsFor(policy: RetryPolicy, startedAt: number, now: () => number = Date.now): RetryOptions {
  return {
    limit: policy.retries,
    methods: [...RETRIED_METHODS],
    statusCodes: [...RETRIED_STATUSES],
    afterStatusCodes: [...RETRIED_STATUSES],
    backoffLimit: policy.maxDelayMs,
    delay: (retry) => backoffCeiling(retry, policy),
    jitter: (delay) => equalJitter(delay),
    retryOnTimeout: false,
    shouldRetry: ({ error, retryCount }) => {
      const elapsed = now() - startedAt;
      if (error instanceof HTTPError) {
        const asked = retryAfterMs(error.response.headers.get('retry-after'), now());
        // Within the budget, ky goes on as it would (its status list and the server's wait).
        return elapsed + (asked ?? backoffCeiling(retryCount, policy)) > policy.budgetMs ? false : undefined;
      }
      if (error.name === 'TimeoutError' || !isTransientNetworkCode(findCode(error))) return false;
      return elapsed + backoffCeiling(retryCount, policy) <= policy.budgetMs;
    },
  };
}
