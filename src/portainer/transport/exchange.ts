import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type OutgoingHttpHeaders, type RequestOptions } from 'node:http';
import { decodeBody, isIdentity, MAX_ANSWER_BYTES, readBody, refuseDeep } from './answer-body.js';
import { JsonDepthScanner } from './json-depth.js';
import type { TlsOptions } from '../network/tls.js';

/**
 * One HTTP exchange on `node:http`/`node:https` with keep-alive agents, as
 * plain data in and out: no `Request`, `Headers` or `Response` object, which
 * cost more CPU than the exchange itself and which a plan reading a thousand
 * key lists (a fleet, ten thousand) would pay for each (`bench/fetch-micro.mjs`).
 * It does only what this client needs: no redirects followed (a 303 is
 * Portainer's AdminInitTimeout), no cookies, the body read whole (every
 * answer is small JSON read at once) within the time allowed. Failures look
 * like fetch's (`TypeError` with the system error, and its code, as `cause`)
 * so `network-cause.ts` reads them as it always has.
 */

/** One request: what `exchange` sends. */
export interface Outgoing {
  method: string;
  url: URL;
  headers: OutgoingHttpHeaders;
  body?: Buffer;
  /** Given up with a `TimeoutError` when the whole answer is not in by then. */
  timeoutMs?: number;
}

/** One answer, its body read whole and decoded. */
export interface Incoming {
  status: number;
  statusText: string;
  /** As they came: name, value, name, value... (repeated headers kept apart). */
  rawHeaders: string[];
  body: Buffer;
}

type Open = (url: URL, options: RequestOptions) => ClientRequest;

/** Idle sockets close after this, as undici's do, before a server tires of them. */
const IDLE_SOCKET_MS = 4_000;
/** Keep-alive sockets are unref'd while idle, so they never hold the process open. */
const KEEP_ALIVE = { keepAlive: true, timeout: IDLE_SOCKET_MS };
/** setTimeout's longest delay; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const NO_TLS_OPTIONS: TlsOptions = {};

/** One agent for http, and one per TLS setting for https, so that every client of a run shares connections. */
const httpAgent = new HttpAgent(KEEP_ALIVE);
const httpsAgents = new Map<string, Promise<Open>>();

export async function exchange(outgoing: Outgoing, tls: TlsOptions = NO_TLS_OPTIONS): Promise<Incoming> {
  const open = outgoing.url.protocol === 'https:' ? await httpsOpener(tls) : openHttp;
  return receive(outgoing, open);
}

/** What TLS options come to: the same key, the same certificate checks. */
export function tlsKey(tls: TlsOptions = NO_TLS_OPTIONS): string {
  return tls.insecure ? 'insecure' : `ca:${tls.ca ?? ''}`;
}

function openHttp(url: URL, options: RequestOptions): ClientRequest {
  return httpRequest(url, { ...options, agent: httpAgent });
}

/** `node:https` and its certificate checks are loaded by the first https request only: a plain-http run never pays for TLS. */
function httpsOpener(tls: TlsOptions): Promise<Open> {
  const key = tlsKey(tls);
  let opener = httpsAgents.get(key);
  if (!opener) {
    opener = Promise.all([import('node:https'), import('../network/tls.js')]).then(([https, { certificateChecks }]) => {
      const agent = new https.Agent({ ...KEEP_ALIVE, ...certificateChecks(tls) });
      return (url: URL, options: RequestOptions) => https.request(url, { ...options, agent });
    });
    httpsAgents.set(key, opener);
  }
  return opener;
}

function receive({ method, url, headers, body, timeoutMs }: Outgoing, open: Open): Promise<Incoming> {
  return new Promise<Incoming>((resolve, reject) => {
    // Bodies are JSON read whole: they go out with a length rather than chunked.
    const sent = { 'accept-encoding': 'gzip, deflate, br', ...headers, ...(body ? { 'content-length': body.length } : {}) };
    const outgoing = open(url, { method, headers: sent });
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            outgoing.destroy();
            reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
          }, Math.min(timeoutMs, MAX_TIMER_MS));
    const settle = <T>(finish: (value: T) => void) => (value: T) => {
      clearTimeout(timer);
      finish(value);
    };
    const fail = settle((cause: unknown) => reject(new TypeError('fetch failed', { cause })));
    outgoing.on('error', fail);
    outgoing.on('response', (incoming) => {
      const encoding = incoming.headers['content-encoding'];
      // An unencoded body is checked as it arrives (a deep one is dropped at its first megabyte); an encoded one once unpacked.
      const depth = new JsonDepthScanner();
      readBody(incoming, MAX_ANSWER_BYTES, isIdentity(encoding) ? depth : undefined)
        .then(async (raw) => (isIdentity(encoding) ? raw : refuseDeep(await decodeBody(raw, encoding), depth)))
        .then(settle((bytes: Buffer) => resolve({ status: incoming.statusCode ?? 0, statusText: incoming.statusMessage ?? '', rawHeaders: incoming.rawHeaders, body: bytes })), fail);
    });
    outgoing.end(body);
  });
}
