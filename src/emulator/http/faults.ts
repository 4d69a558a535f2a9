import type { Fault } from '../types.js';

/**
 * The fault knobs of the test API. Faults are tried in the order injected; the
 * first that matches the request and wins its probability draw fires and uses
 * up one of its `times`.
 */
export type FiredFault =
  | { kind: 'status'; status: number; message: string | undefined }
  | { kind: 'drop'; drop: 'connection' | 'response' }
  | { kind: 'delay'; ms: number };

interface ArmedFault {
  fault: Fault;
  remaining: number;
}

export class FaultBoard {
  #armed: ArmedFault[] = [];

  inject(fault: Fault): void {
    this.#armed.push({ fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.#armed = [];
  }

  /** The fault to apply to this request, if any. `path` has the /api prefix and no query. */
  take(method: string, path: string): FiredFault | undefined {
    for (const armed of this.#armed) {
      const { fault } = armed;
      if (armed.remaining <= 0 || !methodMatches(fault.method, method) || !pathMatches(fault.path, path)) continue;
      if (Math.random() >= (fault.probability ?? 1)) continue;
      armed.remaining -= 1;
      this.#armed = this.#armed.filter((other) => other.remaining > 0);
      if ('drop' in fault) return { kind: 'drop', drop: fault.drop };
      if ('delayMs' in fault) return { kind: 'delay', ms: fault.delayMs };
      return { kind: 'status', status: fault.status, message: fault.message };
    }
    return undefined;
  }
}

/** `*` stands for any method. */
function methodMatches(expected: string, actual: string): boolean {
  return expected === '*' || expected.toUpperCase() === actual.toUpperCase();
}

/** A string matches exactly, except that a `*` segment matches any one segment. */
function pathMatches(expected: string | RegExp, actual: string): boolean {
  if (expected instanceof RegExp) {
    expected.lastIndex = 0; // a /g or /y pattern would otherwise remember the last match
    return expected.test(actual);
  }
  const want = expected.split('/');
  const got = actual.split('/');
  return want.length === got.length && want.every((segment, index) => segment === '*' || segment === got[index]);
}
