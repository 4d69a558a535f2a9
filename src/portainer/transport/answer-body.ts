import type { IncomingMessage } from 'node:http';
import { JsonDepthScanner, MAX_JSON_DEPTH } from './json-depth.js';

/**
 * An answer's body, read whole within bounds: at most `MAX_ANSWER_BYTES`
 * (before and after decompression) and JSON nested no deeper than
 * `MAX_JSON_DEPTH`, so a hostile or broken server (or a gzip bomb) is refused
 * unread; `Content-Encoding` undone; the text as fetch's `text()` reads it.
 */

/**
 * The largest answer read, after decompression. Portainer's largest answer is
 * `GET /users`: about 2.5 MB for 50,000 users as 2.45 sends them, a few times
 * that where older versions send whole user objects. An answer bigger than
 * this is a hostile or broken server (or a gzip bomb), refused unread.
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/**
 * The whole body, at most `limit` bytes, and with `depth`, JSON nested no
 * deeper than it allows; a connection dropped before its end rejects
 * (`ECONNRESET`, "aborted").
 */
export function readBody(incoming: IncomingMessage, limit: number, depth?: JsonDepthScanner): Promise<Buffer> {
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

export function refuseDeep(bytes: Buffer, depth: JsonDepthScanner): Buffer {
  if (depth.tooDeep(bytes)) throw answerTooDeep();
  return bytes;
}

export function isIdentity(contentEncoding: string | undefined): boolean {
  return contentEncoding === undefined || contentEncoding.trim() === '' || contentEncoding.trim().toLowerCase() === 'identity';
}

type Decoder = (bytes: Buffer) => Promise<Buffer>;

/** zlib is loaded by the first encoded answer. Each decoder stops at the limit, so a small gzip bomb never unpacks in memory. */
async function decoders(): Promise<Record<string, Decoder>> {
  const [{ promisify }, zlib] = await Promise.all([import('node:util'), import('node:zlib')]);
  const bounded = { maxOutputLength: MAX_ANSWER_BYTES };
  const gunzip: Decoder = (bytes) => promisify(zlib.gunzip)(bytes, bounded);
  return {
    gzip: gunzip,
    'x-gzip': gunzip,
    br: (bytes) => promisify(zlib.brotliDecompress)(bytes, bounded),
    // "deflate" is meant to be zlib-wrapped, but some servers send it raw; fetch takes both.
    deflate: (bytes) => (((bytes[0] ?? 0) & 0x0f) === 0x08 ? promisify(zlib.inflate)(bytes, bounded) : promisify(zlib.inflateRaw)(bytes, bounded)),
  };
}

/** Undoes `Content-Encoding`, last applied first; an unknown coding is left as it came. */
export async function decodeBody(bytes: Buffer, contentEncoding: string | undefined): Promise<Buffer> {
  if (!contentEncoding || bytes.length === 0) return bytes;
  const codings = contentEncoding.toLowerCase().split(',').map((coding) => coding.trim()).reverse();
  const known = await decoders();
  let decoded = bytes;
  for (const coding of codings) {
    const decoder = known[coding];
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

/** Statuses whose answer has no body for fetch, even when a server sent one. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const UTF8 = new TextDecoder();
const BOM = [0xef, 0xbb, 0xbf];

/** The body as fetch's `text()` reads it: UTF-8, a leading byte order mark dropped (and a second by the decoder, as undici does). */
export function bodyText(status: number, body: Buffer): string {
  if (NULL_BODY_STATUSES.has(status)) return '';
  const bom = body[0] === BOM[0] && body[1] === BOM[1] && body[2] === BOM[2];
  return UTF8.decode(bom ? body.subarray(3) : body);
}
