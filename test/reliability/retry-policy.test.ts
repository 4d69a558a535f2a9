import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, decideRetry, DEFAULT_RETRY_POLICY, retryAfterMs } from '../../src/portainer/retry.js';

const policy = DEFAULT_RETRY_POLICY;

describe('backoff', () => {
  it('doubles from the base up to the ceiling, with half of each wait random', () => {
    expect([0, 1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, policy, () => 0))).toEqual([125, 250, 500, 1000, 2000, 2000]);
    expect([0, 1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, policy, () => 1))).toEqual([250, 500, 1000, 2000, 4000, 4000]);
  });

  it('stays within [ceiling / 2, ceiling] for any draw', () => {
    fc.assert(
      fc.property(fc.nat(30), fc.double({ min: 0, max: 1, noNaN: true }), (retry, draw) => {
        const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
        const delay = backoffDelay(retry, policy, () => draw);
        return delay >= Math.floor(ceiling / 2) && delay <= ceiling;
      }),
    );
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
  it('is bounded in count', () => {
    expect(decideRetry({ retry: policy.retries - 1, policy, elapsedMs: 0 }).retry).toBe(true);
    expect(decideRetry({ retry: policy.retries, policy, elapsedMs: 0 }).retry).toBe(false);
  });

  it('is bounded in time', () => {
    expect(decideRetry({ retry: 0, policy, elapsedMs: policy.budgetMs - 100, random: () => 1 }).retry).toBe(false);
    expect(decideRetry({ retry: 0, policy, elapsedMs: policy.budgetMs - 1000, random: () => 1 }).retry).toBe(true);
  });

  it("waits what the server asked, when that is longer than the backoff and fits the budget", () => {
    expect(decideRetry({ retry: 0, policy, elapsedMs: 0, retryAfterMs: 5000 })).toEqual({ retry: true, delayMs: 5000 });
    expect(decideRetry({ retry: 0, policy, elapsedMs: 0, retryAfterMs: 0, random: () => 0 })).toEqual({ retry: true, delayMs: 125 });
    expect(decideRetry({ retry: 0, policy, elapsedMs: 0, retryAfterMs: 3_600_000 }).retry).toBe(false);
  });

  it('never waits past the budget, whatever the inputs', () => {
    fc.assert(
      fc.property(fc.nat(10), fc.nat(60_000), fc.option(fc.nat(100_000), { nil: undefined }), (retry, elapsedMs, wait) => {
        const decision = decideRetry({ retry, policy, elapsedMs, retryAfterMs: wait });
        return !decision.retry || (elapsedMs + decision.delayMs <= policy.budgetMs && retry < policy.retries);
      }),
    );
  });
});
