import fc from 'fast-check';
import { HTTPError } from 'ky';
import { describe, expect, it } from 'vitest';
import { retryOptionsFor } from '../../src/portainer/transport/ky-retries.js';
import { backoffCeiling, DEFAULT_RETRY_POLICY, equalJitter, retryAfterMs } from '../../src/portainer/transport/retry.js';

const policy = DEFAULT_RETRY_POLICY;

/** ky's `shouldRetry`, as ky calls it, `elapsed` ms after the call started. */
function shouldRetry(error: Error, retryCount: number, elapsed: number) {
  const options = retryOptionsFor(policy, 1_000_000, () => 1_000_000 + elapsed);
  return options.shouldRetry?.({ error, retryCount });
}

function busy(headers: Record<string, string> = {}): HTTPError {
  const request = new Request('http://portainer.test/api/users');
  return new HTTPError(new Response('{}', { status: 503, headers }), request, {} as never);
}

const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

describe('backoff', () => {
  it('doubles from the base up to the ceiling, with half of each wait random', () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffCeiling(retry, policy))).toEqual([250, 500, 1000, 2000, 4000, 4000]);
    expect([250, 4000].map((delay) => equalJitter(delay, () => 0))).toEqual([125, 2000]);
    expect([250, 4000].map((delay) => equalJitter(delay, () => 1))).toEqual([250, 4000]);
  });

  it('stays within [ceiling / 2, ceiling] for any draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (retry, draw) => {
        const ceiling = backoffCeiling(retry, policy);
        const delay = equalJitter(ceiling, () => draw);
        return delay >= Math.floor(ceiling / 2) && delay <= ceiling;
      }),
    );
  });

  it("is ky's, for reads and deletes only, bounded in count, on the busy statuses", () => {
    const options = retryOptionsFor(policy, 0);
    expect(options).toMatchObject({ limit: policy.retries, methods: ['get', 'delete'], statusCodes: [429, 502, 503, 504], retryOnTimeout: false });
    expect(options.delay?.(3)).toBe(1000);
  });
});

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates, and ignores what it cannot read', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe('the decision to retry', () => {
  it("leaves a busy answer within the budget to ky's own rules, and refuses one past it", () => {
    expect(shouldRetry(busy(), 1, 0)).toBeUndefined();
    expect(shouldRetry(busy({ 'retry-after': '5' }), 1, 0)).toBeUndefined();
    expect(shouldRetry(busy({ 'retry-after': '3600' }), 1, 0)).toBe(false);
    expect(shouldRetry(busy(), 1, policy.budgetMs - 100)).toBe(false);
  });

  it('repeats a dropped connection within the budget, never a refused one or a timeout', () => {
    expect(shouldRetry(reset, 1, 0)).toBe(true);
    expect(shouldRetry(reset, 1, policy.budgetMs - 100)).toBe(false);
    expect(shouldRetry(refused, 1, 0)).toBe(false);
    expect(shouldRetry(Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 1, 0)).toBe(false);
  });

  it('never lets a wait end past the budget, whatever the inputs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.nat(60_000), fc.option(fc.nat(100), { nil: undefined }), (retry, elapsed, seconds) => {
        const error = busy(seconds === undefined ? {} : { 'retry-after': String(seconds) });
        const wait = seconds === undefined ? backoffCeiling(retry, policy) : seconds * 1000;
        return shouldRetry(error, retry, elapsed) === false || elapsed + wait <= policy.budgetMs;
      }),
    );
  });
});
