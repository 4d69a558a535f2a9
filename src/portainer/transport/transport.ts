import type { OutgoingHttpHeaders } from 'node:http';
import { bodyText } from './answer-body.js';
import { AnswerHeaders, responseForKy } from './answer-headers.js';
import { nowMs } from './clock.js';
import { callName, type Answer, type Call, type RequestEvent } from './call.js';
import { adminInitTimeout, networkFailure, requestTimeout } from '../errors.js';
import type { EarlyReads, SentRead } from './early-reads.js';
import { exchange as exchange_, type Incoming } from './exchange.js';
import { describeNetworkCause, findCode, plainHttpToTls } from '../network/network-cause.js';
import type { Pacer } from '../pacing/pacing.js';
import { redactBody, redactHeaders } from './redact.js';
import { requestHeaders } from './request-headers.js';
import { RETRIED_STATUSES, type RetryPolicy } from './retry.js';
import { speaksTls } from '../network/tls-probe.js';
import type { GivenAs } from '../network/given-as.js';
import type { TlsOptions } from '../network/tls.js';

/**
 * One call to Portainer: pacing for the rate-limited routes, ky's retries
 * with backoff for the calls that are safe to repeat, one event per attempt,
 * and transport failures turned into `PortainerError`s. What a status means
 * is the client's business.
 *
 * Each attempt is one `exchange` on node:http (`exchange.ts`), its answer
 * plain data, never copied into fetch's `Request`, `Headers` and `Response`
 * objects and read back out of them: a plan makes a thousand calls, a fleet
 * plan ten thousand. ky decides whether and when to repeat (`ky-retries.ts`,
 * by the policy in `retry.ts`), and it is asked from the first answer it
 * might repeat (a busy status, a failed exchange): that attempt is ky's
 * first, and ky's next ones are made by the same exchange. An answer that
 * nothing would repeat is the answer at once, as ky would have returned it.
 */

export type { Answer, Call, Method, RedactedExchange, RequestEvent } from './call.js';
export { callName } from './call.js';

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
  /** Public reads already sent (`early-reads.ts`): the first attempt of the matching calls. */
  early?: EarlyReads;
  givenAs?: GivenAs;
}


/** A person is told about a wait for the login rate limit once it has lasted this long. */
const PACING_NOTICE_MS = 2_000;

/** One call on its way: what each attempt sends, and the last answer. */
interface Exchange {
  call: Call;
  url: string;
  headers: OutgoingHttpHeaders;
  body?: Buffer;
  /** The first attempt, when it was sent before the client was made. */
  sent?: SentRead;
  attempts: number;
  incoming?: Incoming;
  /** How the first attempt ended, for ky to take as its own first attempt. */
  first?: { incoming: Incoming } | { error: unknown };
}

type KyRetries = typeof import('./ky-retries.js');

export class Transport {
  readonly #options: TransportOptions;
  #retries: Promise<{ module: KyRetries; ky: ReturnType<KyRetries['retryingKy']> }> | undefined;

  constructor(options: TransportOptions) {
    this.#options = options;
  }

  /**
   * Sends a call. ky repeats a GET or DELETE that met a busy server (429, 502,
   * 503, 504) or a dropped connection, within the retry policy's count and
   * time budget (`retry.ts`). A timeout is not repeated: a server that slow is
   * told to the person at once, and a write is never repeated blindly.
   */
  async send(call: Call): Promise<Answer> {
    const name = callName(call);
    const url = `${this.#options.apiUrl}/${call.route}`;
    const headers = requestHeaders(call);
    if (typeof headers === 'string') throw networkFailure(name, url, headers);
    // Paced calls are writes, which are never repeated: one token per call.
    if (call.paced) await this.#paced();
    const startedAt = Date.now();
    const body = call.json === undefined ? undefined : Buffer.from(JSON.stringify(call.json));
    // Only a public read can have been sent early: a GET with no credentials.
    const sent = call.method === 'GET' && call.headers === undefined ? this.#options.early?.claim(this.#options.apiUrl, this.#options.tls, call.route) : undefined;
    const exchange: Exchange = { call, url, headers, ...(body ? { body } : {}), ...(sent ? { sent } : {}), attempts: 0 };
    let incoming: Incoming | undefined;
    try {
      incoming = await this.#attempt(exchange);
    } catch (error) {
      exchange.first = { error };
    }
    if (incoming && !RETRIED_STATUSES.includes(incoming.status)) return answerOf(exchange, incoming, this.#options.givenAs);
    if (incoming) exchange.first = { incoming };
    return this.#retried(exchange, startedAt);
  }

  /** ky takes over a call whose first answer it might repeat; its last answer, or its failure, is the call's. */
  async #retried(exchange: Exchange, startedAt: number): Promise<Answer> {
    const { call, url } = exchange;
    this.#retries ??= import('./ky-retries.js').then((module) => ({ module, ky: module.retryingKy(this.#options.apiUrl, (_request, options) => this.#forKy(options.context as { exchange: Exchange })) }));
    const { module, ky } = await this.#retries;
    try {
      await ky(call.route, { method: call.method, retry: module.retryOptionsFor(this.#options.retry, startedAt), context: { exchange } });
    } catch (error) {
      // A busy answer whose retries are spent or refused is still an answer: the last one.
      if (!(error instanceof module.HTTPError)) {
        if (isTimeout(error)) throw requestTimeout(callName(call), this.#options.timeoutMs);
        throw networkFailure(callName(call), url, this.#cause(error), findCode(error));
      }
    }
    return answerOf(exchange, exchange.incoming as Incoming, this.#options.givenAs);
  }

  /** An attempt as ky sees it, from its `beforeRequest` hook: the first one already made, the next ones made now. */
  async #forKy({ exchange }: { exchange: Exchange }): Promise<Response> {
    const { first } = exchange;
    delete exchange.first;
    if (first && 'error' in first) throw first.error;
    return responseForKy(first ? first.incoming : await this.#attempt(exchange));
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

  /** One attempt: reported as an event, whatever its outcome. */
  async #attempt(exchange: Exchange): Promise<Incoming> {
    exchange.attempts += 1;
    const { call, url } = exchange;
    const attempt = exchange.attempts;
    const sent = attempt === 1 ? exchange.sent : undefined;
    const started = sent?.started ?? nowMs();
    try {
      const outgoing = { method: call.method, url: new URL(url), headers: exchange.headers, timeoutMs: this.#options.timeoutMs, ...(exchange.body ? { body: exchange.body } : {}) };
      const answer = sent?.answer ?? exchange_(outgoing, this.#options.tls);
      const incoming = await answer.catch((error: unknown) => this.#recognisePlainHttpToTls(outgoing.url, error));
      exchange.incoming = incoming;
      this.#report(call, { status: incoming.status, attempt, started, ...ended(sent), text: this.#options.onRequest ? bodyText(incoming.status, incoming.body) : '' });
      return incoming;
    } catch (error) {
      const failure = isTimeout(error)
        ? requestTimeout(callName(call), this.#options.timeoutMs)
        : networkFailure(callName(call), url, this.#cause(error), findCode(error));
      this.#report(call, { status: 'error', attempt, started, ...ended(sent), failure: failure.userMessage });
      throw error;
    }
  }

  /** A reset of a plain-http request is asked once whether the port speaks TLS; then it says so, and is not retried. */
  async #recognisePlainHttpToTls(url: URL, error: unknown): Promise<never> {
    if (url.protocol === 'http:' && findCode(error) === 'ECONNRESET') {
      if (await speaksTls(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || 80))) throw plainHttpToTls(error);
    }
    throw error;
  }

  #report(call: Call, outcome: { status: number | 'error'; attempt: number; started: number; ended?: number; text?: string; failure?: string }): void {
    if (!this.#options.onRequest) return;
    const ms = Math.round((outcome.ended ?? nowMs()) - outcome.started);
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

/** The call's answer, from its last attempt's. */
function answerOf(exchange: Exchange, incoming: Incoming, givenAs: GivenAs | undefined): Answer {
  const text = bodyText(incoming.status, incoming.body);
  const answer: Answer = { url: exchange.url, status: incoming.status, headers: new AnswerHeaders(incoming.rawHeaders), json: parseJson(text), text, ...(givenAs ? { givenAs } : {}) };
  if (answer.status === 303 && answer.headers.get('redirect-reason') === 'AdminInitTimeout') throw adminInitTimeout(callName(exchange.call), answer.status);
  return answer;
}

/** When a read sent early was answered: its attempt lasted until then, not until it was claimed. */
function ended(sent: SentRead | undefined): { ended?: number } {
  return sent?.endedAt === undefined ? {} : { ended: sent.endedAt };
}

/** `exchange` gives up with a `TimeoutError` DOMException, whether the wait was for the headers or the body. */
function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/** Undefined for an empty body and one that is not JSON. Its nesting was checked as it arrived (`exchange.ts`). */
function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
