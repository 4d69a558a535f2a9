import ky, { TimeoutError, type KyInstance } from 'ky';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminInitTimeout, networkFailure, PortainerError, requestTimeout, type CallName } from './errors.js';
import { describeNetworkCause } from './network-cause.js';
import type { Pacer } from './pacing.js';

/**
 * One HTTP exchange with Portainer, on ky over Node's fetch: pacing for the
 * rate-limited routes, retries for the calls that are safe to repeat, one
 * event per attempt, and transport failures turned into `PortainerError`s.
 * What a status means is the client's business, not this file's.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Call {
  method: Method;
  /** Relative to the API root, e.g. `users/3`. */
  route: string;
  json?: unknown;
  headers?: Record<string, string>;
  /** Counts against Portainer's rate limit (`/auth`, `/users/{id}/tokens`, `/users/{id}/passwd`). */
  paced?: boolean;
}

export interface Answer {
  status: number;
  headers: Headers;
  /** The parsed JSON body; `undefined` when the body was empty or not JSON. */
  json: unknown;
  /** The raw body, for error messages of failed calls only (a success may carry a secret). */
  text: string;
}

export interface RequestEvent {
  method: string;
  path: string;
  status: number | 'error';
  ms: number;
}

export interface TransportOptions {
  apiUrl: string;
  timeoutMs: number;
  onRequest?: (event: RequestEvent) => void;
  /** Looked up per call, so `resetPacing()` in a test takes effect for existing clients. */
  pacer: () => Pacer;
}

/** Only reads and deletes are repeated: a POST or PUT may have happened even when its answer was lost. */
const RETRIED_METHODS: ReadonlySet<Method> = new Set(['GET', 'DELETE']);
const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
const RETRY_DELAYS_MS = [200, 600];

export function callName(call: Call): CallName {
  return { method: call.method, path: `/api/${call.route}` };
}

export class Transport {
  readonly #options: TransportOptions;
  readonly #ky: KyInstance;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#ky = ky.create({
      prefixUrl: `${options.apiUrl}/`,
      timeout: options.timeoutMs,
      retry: 0, // retries are decided below, per method and cause
      throwHttpErrors: false,
      // A 303 is how a timed-out Portainer says "AdminInitTimeout"; following it would hide that.
      redirect: 'manual',
      // Portainer's `portainer_api_key` cookie would put every write through CSRF checks.
      credentials: 'omit',
      headers: { accept: 'application/json' },
    });
  }

  async send(call: Call): Promise<Answer> {
    const retries = RETRIED_METHODS.has(call.method) ? RETRY_DELAYS_MS : [];
    for (let attempt = 0; ; attempt += 1) {
      const delay = retries[attempt];
      try {
        const answer = await this.#attempt(call);
        if (delay === undefined || !RETRIED_STATUSES.has(answer.status)) return answer;
      } catch (error) {
        if (delay === undefined || !(error instanceof PortainerError && error.kind === 'network')) throw error;
      }
      await sleep(delay);
    }
  }

  async #attempt(call: Call): Promise<Answer> {
    if (call.paced) await this.#options.pacer().acquire();
    const name = callName(call);
    const started = performance.now();
    try {
      const response = await this.#ky(call.route, {
        method: call.method,
        ...(call.json === undefined ? {} : { json: call.json }),
        ...(call.headers ? { headers: call.headers } : {}),
      });
      const text = await response.text();
      this.#report(name, response.status, started);
      if (response.status === 303 && response.headers.get('redirect-reason') === 'AdminInitTimeout') {
        throw adminInitTimeout(name, response.status);
      }
      return { status: response.status, headers: response.headers, json: parseJson(text), text };
    } catch (error) {
      if (error instanceof PortainerError) throw error;
      this.#report(name, 'error', started);
      if (error instanceof TimeoutError) throw requestTimeout(name, this.#options.timeoutMs);
      throw networkFailure(name, `${this.#options.apiUrl}/${call.route}`, describeNetworkCause(error));
    }
  }

  #report(name: CallName, status: number | 'error', started: number): void {
    const ms = Math.round(performance.now() - started);
    try {
      this.#options.onRequest?.({ ...name, status, ms });
    } catch {
      // A broken logger must not turn a successful call into a failure.
    }
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
