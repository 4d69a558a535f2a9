import ky, { HTTPError, type KyInstance } from 'ky';
import { adminInitTimeout, networkFailure, requestTimeout, type CallName } from './errors.js';
import { describeNetworkCause, findCode, plainHttpToTls } from './network-cause.js';
import { createNodeFetch, type NodeFetch } from './node-fetch.js';
import type { Pacer } from './pacing.js';
import { redactBody, redactHeaders } from './redact.js';
import { RETRIED_STATUSES, retryOptionsFor, type RetryPolicy } from './retry.js';
import { speaksTls } from './tls-probe.js';
import type { GivenAs } from './given-as.js';
import type { TlsOptions } from './tls.js';

/**
 * One HTTP exchange with Portainer, on ky over `node:http` (`node-fetch.ts`): pacing for the
 * rate-limited routes, ky's retries with backoff for the calls that are safe to
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
  /** Where the request went, e.g. `https://portainer.example:9443/api/users`. */
  url: string;
  status: number;
  headers: Headers;
  /** The parsed JSON body; `undefined` when the body was empty or not JSON. */
  json: unknown;
  /** The raw body, for error messages of failed calls only (a success may carry a secret). */
  text: string;
  /** How the person gave the settings a failure's sentence may name. */
  givenAs?: GivenAs;
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
  pacer: () => Promise<Pacer>;
  /** Called when a paced call has waited 2 s for the login rate limit and is still waiting. */
  onPacingWait?: () => void;
  givenAs?: GivenAs;
}

export function callName(call: Call): CallName {
  return { method: call.method, path: `/api/${call.route}` };
}

/** A person is told about a wait for the login rate limit once it has lasted this long. */
const PACING_NOTICE_MS = 2_000;

/** setTimeout's longest delay, which ky refuses to exceed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Transport {
  readonly #options: TransportOptions;
  readonly #ky: KyInstance;
  readonly #fetch: NodeFetch;

  constructor(options: TransportOptions) {
    this.#options = options;
    // node:http costs less CPU per request than Node's fetch, which ky would call after building its own Request; it also carries the TLS settings.
    this.#fetch = createNodeFetch(options.tls ? { tls: options.tls } : {});
    this.#ky = ky.create({
      prefixUrl: `${options.apiUrl}/`,
      // Per attempt; node-fetch.ts reads the whole body before it resolves, so the timeout covers the body too.
      timeout: Math.min(options.timeoutMs, MAX_TIMER_MS),
      // A busy status is thrown only so that ky's retry sees it; `send` turns it back into an answer.
      throwHttpErrors: (status) => RETRIED_STATUSES.includes(status),
      // A 303 is how a timed-out Portainer says "AdminInitTimeout"; following it would hide that.
      redirect: 'manual',
      // Portainer's `portainer_api_key` cookie would put every write through CSRF checks.
      credentials: 'omit',
      headers: { accept: 'application/json' },
    });
  }

  /**
   * Sends a call. ky repeats a GET or DELETE that met a busy server (429, 502,
   * 503, 504) or a dropped connection, within the retry policy's count and
   * time budget (`retry.ts`). A timeout is not repeated: a server that slow is
   * told to the person at once, and a write is never repeated blindly.
   */
  async send(call: Call): Promise<Answer> {
    const name = callName(call);
    // Paced calls are writes, which are never repeated: one token per call.
    if (call.paced) await this.#paced();
    const attempts = { count: 0 };
    let response: Response;
    try {
      response = await this.#ky(call.route, {
        method: call.method,
        ...(call.json === undefined ? {} : { json: call.json }),
        ...(call.headers ? { headers: call.headers } : {}),
        retry: retryOptionsFor(this.#options.retry, Date.now()),
        // ky always passes a Request of its own making.
        fetch: (request) => this.#attempt(call, request as Request, attempts),
      });
    } catch (error) {
      if (error instanceof HTTPError) response = error.response; // a busy answer, retries spent or refused
      else if (isTimeout(error)) throw requestTimeout(name, this.#options.timeoutMs);
      else throw networkFailure(name, `${this.#options.apiUrl}/${call.route}`, this.#cause(error), findCode(error));
    }
    const text = await response.text();
    if (response.status === 303 && response.headers.get('redirect-reason') === 'AdminInitTimeout') throw adminInitTimeout(name, response.status);
    const givenAs = this.#options.givenAs ? { givenAs: this.#options.givenAs } : {};
    return { url: `${this.#options.apiUrl}/${call.route}`, status: response.status, headers: response.headers, json: parseJson(text), text, ...givenAs };
  }

  /** A transport failure in words, naming the CA bundle the person gave when the certificate is not trusted. */
  #cause(error: unknown): string {
    return describeNetworkCause(error, { ...(this.#options.tls?.ca !== undefined ? { caGiven: true } : {}), ...(this.#options.givenAs ? { givenAs: this.#options.givenAs } : {}) });
  }

  /** Waits for a token of the login rate limit, saying so when that takes more than 2 s. */
  async #paced(): Promise<void> {
    const { onPacingWait } = this.#options;
    const notice = onPacingWait ? setTimeout(onPacingWait, PACING_NOTICE_MS) : undefined;
    try {
      await (await this.#options.pacer()).acquire();
    } finally {
      clearTimeout(notice);
    }
  }

  /** One HTTP exchange, ky's `fetch`: reported as an event, whatever its outcome. */
  async #attempt(call: Call, request: Request, attempts: { count: number }): Promise<Response> {
    attempts.count += 1;
    const attempt = attempts.count;
    const started = performance.now();
    try {
      const response = await this.#fetch(request).catch((error: unknown) => this.#recognisePlainHttpToTls(request, error));
      // The body is already in memory (node-fetch.ts); a copy is read only for a request log.
      const text = this.#options.onRequest ? await response.clone().text() : '';
      this.#report(call, { status: response.status, attempt, started, text });
      return response;
    } catch (error) {
      // ky aborts the request when its timeout fires: that is the timeout, not a network failure.
      const failure = request.signal.aborted
        ? requestTimeout(callName(call), this.#options.timeoutMs)
        : networkFailure(callName(call), `${this.#options.apiUrl}/${call.route}`, this.#cause(error), findCode(error));
      this.#report(call, { status: 'error', attempt, started, failure: failure.userMessage });
      throw error;
    }
  }

  /** A reset of a plain-http request is asked once whether the port speaks TLS; then it says so, and is not retried. */
  async #recognisePlainHttpToTls(request: Request, error: unknown): Promise<never> {
    const url = new URL(request.url);
    if (url.protocol === 'http:' && !request.signal.aborted && findCode(error) === 'ECONNRESET') {
      if (await speaksTls(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || 80))) throw plainHttpToTls(error);
    }
    throw error;
  }

  #report(call: Call, outcome: { status: number | 'error'; attempt: number; started: number; text?: string; failure?: string }): void {
    if (!this.#options.onRequest) return;
    const ms = Math.round(performance.now() - outcome.started);
    const { text } = outcome;
    const event: RequestEvent = {
      ...callName(call),
      status: outcome.status,
      ms,
      attempt: outcome.attempt,
      ...(outcome.failure ? { failure: outcome.failure } : {}),
      redacted: () => ({
        requestHeaders: redactHeaders(call.headers),
        ...optional('requestBody', redactBody(call.json)),
        ...optional('responseBody', text === undefined ? undefined : redactBody(parseJson(text), text)),
      }),
    };
    try {
      this.#options.onRequest(event);
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

/** Undefined for an empty body and one that is not JSON. Its nesting was checked as it arrived (node-fetch.ts). */
function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
