import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, inflateRaw } from 'node:zlib';
import { JsonDepthScanner, MAX_JSON_DEPTH } from './json-depth.js';
import { certificateChecks, type TlsOptions } from './tls.js';

/**
 * The `fetch` ky calls, on `node:http`/`node:https` with keep-alive agents:
 * less CPU per request than Node 20's fetch (undici), which a plan reading a
 * thousand key lists pays a thousand times (`bench/fetch-micro.mjs`). It does only what this client
 * needs: no redirects followed (a 303 is Portainer's AdminInitTimeout), no
 * cookies, the body read whole before it resolves (every answer is small JSON
 * read at once), and `request.signal` honoured until then. Failures look like
 * fetch's (`TypeError` with the system error, and its code, as `cause`) so
 * `network-cause.ts` reads them unchanged.
 */
export type NodeFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

/**
 * The largest answer read, after decompression. Portainer's largest answer is
 * `GET /users`: about 2.5 MB for 50,000 users as 2.45 sends them, a few times
 * that where older versions send whole user objects. An answer bigger than
 * this is a hostile or broken server (or a gzip bomb), refused unread.
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** Idle sockets close after this, as undici's do, before a server tires of them. */
const IDLE_SOCKET_MS = 4_000;
const NO_TLS_OPTIONS: TlsOptions = {};
/** One pair of agents per options object, so the clients made by `asUser` share connections. */
const agentsByTls = new WeakMap<TlsOptions, Agents>();

export function createNodeFetch(options: { tls?: TlsOptions } = {}): NodeFetch {
  const agents = agentsFor(options.tls ?? NO_TLS_OPTIONS);
  // ky always passes a Request (and no init worth reading: its unknown options); a URL is taken for tests and benchmarks.
  return (input, init) => send(input instanceof Request ? input : new Request(input, init), agents);
}

function agentsFor(tls: TlsOptions): Agents {
  let agents = agentsByTls.get(tls);
  if (!agents) {
    // Keep-alive sockets are unref'd while idle, so they never hold the process open.
    const common = { keepAlive: true, timeout: IDLE_SOCKET_MS };
    agents = { http: new HttpAgent(common), https: new HttpsAgent({ ...common, ...certificateChecks(tls) }) };
    agentsByTls.set(tls, agents);
  }
  return agents;
}

async function send(request: Request, agents: Agents): Promise<Response> {
  const { signal } = request;
  signal.throwIfAborted();
  // ky's bodies are JSON strings: read whole, they go out with a length rather than chunked.
  const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
  signal.throwIfAborted();
  const url = new URL(request.url);
  const headers = outgoingHeaders(request.headers, body);
  const secure = url.protocol === 'https:';
  const open = secure ? httpsRequest : httpRequest;

  return new Promise<Response>((resolve, reject) => {
    const outgoing = open(url, { method: request.method, headers, agent: secure ? agents.https : agents.http });
    const onAbort = () => {
      outgoing.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = <T>(finish: (value: T) => void) => (value: T) => {
      signal.removeEventListener('abort', onAbort);
      finish(value);
    };
    const fail = settle((cause: unknown) => reject(new TypeError('fetch failed', { cause })));
    outgoing.on('error', fail);
    outgoing.on('response', (incoming) => {
      const encoding = incoming.headers['content-encoding'];
      // An unencoded body is checked as it arrives (a deep one is dropped at its first megabyte); an encoded one once unpacked.
      const depth = new JsonDepthScanner();
      readBody(incoming, MAX_ANSWER_BYTES, isIdentity(encoding) ? depth : undefined)
        .then(async (raw) => (isIdentity(encoding) ? raw : refuseDeep(await decode(raw, encoding), depth)))
        .then(settle((bytes: Buffer) => resolve(toResponse(incoming, bytes))), fail);
    });
    outgoing.end(body);
  });
}

function outgoingHeaders(headers: Headers, body: Buffer | undefined): OutgoingHttpHeaders {
  const outgoing: OutgoingHttpHeaders = { 'accept-encoding': 'gzip, deflate, br' };
  for (const [name, value] of headers) outgoing[name] = value;
  if (body) outgoing['content-length'] = body.length;
  return outgoing;
}

/**
 * The whole body, at most `limit` bytes, and with `depth`, JSON nested no
 * deeper than it allows; a connection dropped before its end rejects
 * (`ECONNRESET`, "aborted").
 */
function readBody(incoming: IncomingMessage, limit: number, depth?: JsonDepthScanner): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(incoming.headers['content-length'] ?? 0) > limit) {
      incoming.destroy();
      reject(answerTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit || depth?.tooDeep(chunk)) {
        incoming.destroy();
        reject(size > limit ? answerTooLarge() : answerTooDeep());
        return;
      }
      chunks.push(chunk);
    });
    incoming.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    incoming.on('error', reject);
  });
}

/** What a too-large answer fails with: a code `network-cause.ts` explains, and `retry.ts` never repeats. */
function answerTooLarge(): Error {
  return Object.assign(new Error(`the answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB`), { code: 'ANSWER_TOO_LARGE' });
}

/** What an answer nested past `MAX_JSON_DEPTH` fails with: like a too-large one, explained and never repeated. */
function answerTooDeep(): Error {
  return Object.assign(new Error(`the answer is JSON nested more than ${MAX_JSON_DEPTH} levels deep`), { code: 'ANSWER_TOO_DEEP' });
}

function refuseDeep(bytes: Buffer, depth: JsonDepthScanner): Buffer {
  if (depth.tooDeep(bytes)) throw answerTooDeep();
  return bytes;
}

function isIdentity(contentEncoding: string | undefined): boolean {
  return contentEncoding === undefined || contentEncoding.trim() === '' || contentEncoding.trim().toLowerCase() === 'identity';
}

// Each stops at the limit, so a small gzip bomb never unpacks in memory.
const bounded = { maxOutputLength: MAX_ANSWER_BYTES };
const decoders: Record<string, (bytes: Buffer) => Promise<Buffer>> = {
  gzip: (bytes) => promisify(gunzip)(bytes, bounded),
  'x-gzip': (bytes) => promisify(gunzip)(bytes, bounded),
  br: (bytes) => promisify(brotliDecompress)(bytes, bounded),
  // "deflate" is meant to be zlib-wrapped, but some servers send it raw; fetch takes both.
  deflate: (bytes) => (((bytes[0] ?? 0) & 0x0f) === 0x08 ? promisify(inflate)(bytes, bounded) : promisify(inflateRaw)(bytes, bounded)),
};

/** Undoes `Content-Encoding`, last applied first; an unknown coding is left as it came. */
async function decode(bytes: Buffer, contentEncoding: string | undefined): Promise<Buffer> {
  if (!contentEncoding || bytes.length === 0) return bytes;
  const codings = contentEncoding.toLowerCase().split(',').map((coding) => coding.trim()).reverse();
  let decoded = bytes;
  for (const coding of codings) {
    const decoder = decoders[coding];
    if (!decoder) return decoded;
    try {
      decoded = await decoder(decoded);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw answerTooLarge();
      throw error;
    }
  }
  return decoded;
}

/** Statuses whose `Response` may not carry a body, even an empty one. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function toResponse(incoming: IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  // Raw pairs keep repeated headers (two Set-Cookie, two Link) as separate values.
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
  const status = incoming.statusCode ?? 0;
  return new Response(NULL_BODY_STATUSES.has(status) ? null : (body as Uint8Array<ArrayBuffer>), { status, statusText: incoming.statusMessage ?? '', headers });
}
