/**
 * Milliseconds on a monotonic clock, for how long an attempt took. Not
 * `performance.now()`: its first use loads `perf_hooks`, about a millisecond
 * that a plan's first requests would wait for (`early-reads.ts`).
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
