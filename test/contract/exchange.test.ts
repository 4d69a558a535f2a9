import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findCode } from '../../src/portainer/network/network-cause.js';
import { AnswerHeaders } from '../../src/portainer/transport/answer-headers.js';
import { bodyText } from '../../src/portainer/transport/answer-body.js';
import { exchange, type Outgoing } from '../../src/portainer/transport/exchange.js';
import { makeTestPki, type TestPki } from '../support/pki.js';

/** What the server saw of each request. */
interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    (server as ReturnType<typeof createServer>).closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(server: Server, scheme: 'http' | 'https'): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A server that reads each request whole, remembers it, then lets `answer` reply. */
async function stubServer(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      answer(req, res);
    });
  });
  return { url: await listen(server, 'http'), seen };
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );
}

/** A GET of `url` with no header of its own, unless `more` says otherwise. */
function get(url: string, more: Partial<Outgoing> = {}): Outgoing {
  return { method: 'GET', url: new URL(url), headers: {}, ...more };
}

const text = (answer: { status: number; body: Buffer }) => bodyText(answer.status, answer.body);

describe('an exchange on node:http', () => {
  it('sends the method, headers and body, and no cookie', async () => {
    const stub = await stubServer((_req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}'));
    const answer = await exchange({
      method: 'POST',
      url: new URL(`${stub.url}/api/users?x=1`),
      headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
      body: Buffer.from('{"username":"ü"}'),
    });
    expect(answer.status).toBe(201);
    expect(JSON.parse(text(answer))).toEqual({ ok: true });
    const [request] = stub.seen;
    expect(request).toMatchObject({ method: 'POST', path: '/api/users?x=1', body: '{"username":"ü"}' });
    expect(request?.headers).toMatchObject({ 'content-type': 'application/json', 'x-api-key': 'k', 'content-length': String(Buffer.byteLength('{"username":"ü"}')) });
    expect(request?.headers.cookie).toBeUndefined();
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['deflate', deflateRawSync],
    ['br', brotliCompressSync],
  ])('decodes a %s body', async (coding, compress) => {
    const json = JSON.stringify(Array.from({ length: 200 }, (_, id) => ({ Id: id, Username: `user-${id}` })));
    const stub = await stubServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding }).end(compress(Buffer.from(json))));
    expect(text(await exchange(get(`${stub.url}/api/users`)))).toBe(json);
    expect(stub.seen[0]?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('hands a 303 to the caller instead of following it', async () => {
    const stub = await stubServer((_req, res) => res.writeHead(303, { location: '/timeout.html', 'redirect-reason': 'AdminInitTimeout' }).end());
    const answer = await exchange(get(`${stub.url}/api/users/admin/check`));
    const headers = new AnswerHeaders(answer.rawHeaders);
    expect(answer.status).toBe(303);
    expect(headers.get('Redirect-Reason')).toBe('AdminInitTimeout');
    expect(headers.get('location')).toBe('/timeout.html');
    expect(stub.seen).toHaveLength(1);
  });

  it('answers a 204 with an empty body', async () => {
    const stub = await stubServer((_req, res) => res.writeHead(204).end());
    const answer = await exchange({ ...get(`${stub.url}/api/users/3`), method: 'DELETE' });
    expect(answer.status).toBe(204);
    expect(text(answer)).toBe('');
  });

  it('keeps repeated headers apart', async () => {
    const stub = await stubServer((_req, res) =>
      res.writeHead(200, [['set-cookie', 'a=1'], ['set-cookie', 'b=2'], ['link', '<x>'], ['link', '<y>']]).end(),
    );
    const headers = new AnswerHeaders((await exchange(get(`${stub.url}/api/status`))).rawHeaders);
    expect(headers.pairs().filter(([name]) => name === 'set-cookie')).toEqual([['set-cookie', 'a=1'], ['set-cookie', 'b=2']]);
    expect(headers.get('link')).toBe('<x>, <y>');
    expect(headers.get('x-absent')).toBeNull();
  });

  it('reads the body as fetch does: UTF-8, byte order marks dropped, bad bytes replaced', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const body = Buffer.concat([bom, bom, Buffer.from('[1,"é"'), Buffer.from([0xff]), Buffer.from(']')]);
    const stub = await stubServer((_req, res) => res.writeHead(200).end(body));
    const answer = await exchange(get(`${stub.url}/api/status`));
    expect(text(answer)).toBe(await new Response(body).text());
  });

  it('reuses its connection for the next request', async () => {
    const stub = await stubServer((_req, res) => res.writeHead(200).end('{}'));
    const ports: number[] = [];
    servers[0]!.on('connection', (socket) => ports.push(socket.remotePort ?? 0));
    for (let index = 0; index < 3; index += 1) await exchange(get(`${stub.url}/api/status`));
    expect(ports).toHaveLength(1);
  });
});

describe('failures of an exchange', () => {
  it('says a refused connection with its code, as fetch does', async () => {
    const stub = await stubServer(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const error = await rejectionOf(exchange(get(`${stub.url}/api/status`)));
    expect(error).toBeInstanceOf(TypeError);
    expect(findCode(error)).toBe('ECONNREFUSED');
  });

  it('says a connection dropped in the middle of the body with its code', async () => {
    const stub = await stubServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('[{"Id":1,');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const error = await rejectionOf(exchange(get(`${stub.url}/api/users`)));
    expect(findCode(error)).toBe('ECONNRESET');
  });

  it('gives up with a TimeoutError on a body that never ends', async () => {
    const stub = await stubServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
    });
    const started = Date.now();
    const error = await rejectionOf(exchange(get(`${stub.url}/api/users`, { timeoutMs: 150 })));
    expect(error.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('TLS in an exchange', () => {
  /** A private CA and a certificate it signed for 127.0.0.1, made with openssl for this run only. */
  let pki: TestPki;
  beforeAll(() => {
    pki = makeTestPki('pu-exchange-');
  });
  afterAll(() => pki.remove());

  async function httpsServer(): Promise<string> {
    const server = createTlsServer({ key: pki.key, cert: pki.cert }, (_req, res) => res.writeHead(200).end('{"Version":"2.45.0"}'));
    return listen(server, 'https');
  }

  it('trusts a CA bundle given to it, besides the public roots', async () => {
    const url = await httpsServer();
    const answer = await exchange(get(`${url}/api/status`), { ca: pki.ca });
    expect(JSON.parse(text(answer))).toEqual({ Version: '2.45.0' });
  });

  it('refuses a certificate it cannot verify, with the certificate code', async () => {
    const url = await httpsServer();
    const error = await rejectionOf(exchange(get(`${url}/api/status`)));
    expect(findCode(error)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('skips verification with insecure', async () => {
    const url = await httpsServer();
    const answer = await exchange(get(`${url}/api/status`), { insecure: true });
    expect(answer.status).toBe(200);
  });
});
