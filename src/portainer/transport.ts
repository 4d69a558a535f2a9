import ky, { type KyInstance } from 'ky';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminInitTimeout, networkFailure, PortainerError, requestTimeout, type CallName } from './errors.js';
import { describeNetworkCause, findCode } from './network-cause.js';
import type { Pacer } from './pacing.js';
import { redactBody, redactHeaders } from './redact.js';
import { decideRetry, isTransientNetworkCode, RETRIED_STATUSES, retryAfterMs, type RetryDecision, type RetryPolicy } from './retry.js';
import { createNodeFetch } from './node-fetch.js';
import type { TlsOptions } from './tls.js';

/**
 * One HTTP exchange with Portainer, on ky over `node:http` (`node-fetch.ts`): pacing for the
 * rate-limited routes, retries with backoff for the calls that are safe to
 * repeat, TLS settings, one event per attempt, and transport failures turned
 * into `PortainerError`s. What a status means is the client's business.
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
  /** 1 for the first attempt of a call, 2 for its first retry... */
  attempt: number;
  /** Why an attempt got no answer (`status: 'error'`). */
  failure?: string;
  /** Headers and bodies with every credential replaced, computed only when asked for (`--debug`). */
  redacted(): RedactedExchange;
}

export interface RedactedExchange {
  requestHeaders: Record<string, string>;
  requestBody?: string;
  responseBody?: string;
}

export interface TransportOptions {
  apiUrl: string;
  timeoutMs: number;
  retry: RetryPolicy;
  tls?: TlsOptions;
  onRequest?: (event: RequestEvent) => void;
  /** Looked up per call, so `resetPacing()` in a test takes effect for existing clients. */
  pacer: () => Pacer;
}

/** Only reads and deletes are repeated: a POST or PUT may have happened even when its answer was lost. */
const RETRIED_METHODS: ReadonlySet<Method> = new Set(['GET', 'DELETE']);

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
      // Each call gets its own timeout signal (below): it covers the body too, and costs less than ky's race.
      timeout: false,
      retry: 0, // retries are decided below, per method and cause
      throwHttpErrors: false,
      // A 303 is how a timed-out Portainer says "AdminInitTimeout"; following it would hide that.
      redirect: 'manual',
      // Portainer's `portainer_api_key` cookie would put every write through CSRF checks.
      credentials: 'omit',
      headers: { accept: 'application/json' },
      // node:http costs less CPU per request than Node's fetch, which ky would call after building its own Request; it also carries the TLS settings.
      fetch: createNodeFetch(options.tls ? { tls: options.tls } : {}),
    });
  }

  /**
   * Sends a call, repeating a GET or DELETE that met a busy server (429, 502,
   * 503, 504) or a dropped connection, within the retry policy's count and
   * time budget. A timeout is not repeated: a server that slow is told to the
   * person at once, and a write is never repeated blindly.
   */
  async send(call: Call): Promise<Answer> {
    const retried = RETRIED_METHODS.has(call.method);
    const started = Date.now();
    for (let retry = 0; ; retry += 1) {
      let decision: RetryDecision;
      try {
        const answer = await this.#attempt(call, retry + 1);
        if (!retried || !RETRIED_STATUSES.has(answer.status)) return answer;
        decision = this.#decide(retry, started, retryAfterMs(answer.headers.get('retry-after'), Date.now()));
        if (!decision.retry) return answer;
      } catch (error) {
        const transient = error instanceof PortainerError && error.kind === 'network' && isTransientNetworkCode(error.networkCode);
        if (!retried || !transient) throw error;
        decision = this.#decide(retry, started, undefined);
        if (!decision.retry) throw error;
      }
      await sleep(decision.delayMs);
    }
  }

  #decide(retry: number, started: number, serverWaitMs: number | undefined): RetryDecision {
    return decideRetry({ retry, policy: this.#options.retry, elapsedMs: Date.now() - started, retryAfterMs: serverWaitMs });
  }

  async #attempt(call: Call, attempt: number): Promise<Answer> {
    if (call.paced) await this.#options.pacer().acquire();
    const name = callName(call);
    const started = performance.now();
    try {
      const response = await this.#ky(call.route, {
        method: call.method,
        ...(call.json === undefined ? {} : { json: call.json }),
        ...(call.headers ? { headers: call.headers } : {}),
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
      const text = await response.text();
      const answer: Answer = { status: response.status, headers: response.headers, json: parseJson(text), text };
      this.#report(call, { status: response.status, attempt, started, answer });
      if (response.status === 303 && response.headers.get('redirect-reason') === 'AdminInitTimeout') {
        throw adminInitTimeout(name, response.status);
      }
      return answer;
    } catch (error) {
      if (error instanceof PortainerError) throw error;
      const failure =
        isTimeout(error)
          ? requestTimeout(name, this.#options.timeoutMs)
          : networkFailure(name, `${this.#options.apiUrl}/${call.route}`, describeNetworkCause(error), findCode(error));
      this.#report(call, { status: 'error', attempt, started, failure: failure.userMessage });
      throw failure;
    }
  }

  #report(call: Call, outcome: { status: number | 'error'; attempt: number; started: number; answer?: Answer; failure?: string }): void {
    const ms = Math.round(performance.now() - outcome.started);
    const { answer } = outcome;
    const event: RequestEvent = {
      ...callName(call),
      status: outcome.status,
      ms,
      attempt: outcome.attempt,
      ...(outcome.failure ? { failure: outcome.failure } : {}),
      redacted: () => ({
        requestHeaders: redactHeaders(call.headers),
        ...optional('requestBody', redactBody(call.json)),
        ...optional('responseBody', answer ? redactBody(answer.json, answer.text) : undefined),
      }),
    };
    try {
      this.#options.onRequest?.(event);
    } catch {
      // A broken logger must not turn a successful call into a failure.
    }
  }
}

function optional<Name extends string>(name: Name, value: string | undefined): { [key in Name]?: string } {
  return (value === undefined ? {} : { [name]: value }) as { [key in Name]?: string };
}

/** `AbortSignal.timeout` aborts with a `TimeoutError` DOMException, whether the wait was for the headers or the body. */
function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
