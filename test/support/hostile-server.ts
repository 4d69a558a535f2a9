import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { listenOnLoopback } from './loopback.js';
import { sendJson, startStubPortainer } from './stub-portainer.js';

/** A server that answers every request with too much: a huge plain body, a small gzip that unpacks to a huge one, or JSON nested without end. */
export interface HostileServer {
  url: string;
  /** Requests received, by `METHOD path`. */
  requests: string[];
  close(): Promise<void>;
}

const MB = 1024 * 1024;

export async function startHostileServer(kind: 'huge' | 'gzip-bomb' | 'deep-nesting', megabytes: number): Promise<HostileServer> {
  const requests: string[] = [];
  // A gzip stream may hold many members; one of 16 MB of zeros (16 kB compressed), repeated, unpacks to any size.
  const member = kind === 'gzip-bomb' ? gzipSync(Buffer.alloc(16 * MB)) : Buffer.alloc(MB, kind === 'deep-nesting' ? '[' : 'x');
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', ...(kind === 'gzip-bomb' ? { 'content-encoding': 'gzip' } : {}) });
    let sent = 0;
    const total = kind === 'gzip-bomb' ? Math.ceil(megabytes / 16) : megabytes;
    const pump = () => {
      while (sent < total) {
        sent += 1;
        if (!res.write(member)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => (sent = total));
    pump();
  });
  return { ...(await listenOnLoopback(server)), requests };
}

/**
 * A Portainer in every answer but `GET /endpoints`, whose pages misbehave:
 * - `endless-pages`: full pages of new environments without end, and no count;
 * - `repeating-pages`: the same full page whatever `start` says, and no count;
 * - `lying-count`: 150 environments, but X-Total-Count says 900,000;
 * - `absurd-count`: X-Total-Count 1000000000000000 (Node cannot even make an array that long);
 * - `not-a-count`: X-Total-Count `1e15`.
 */
export type HostilePaging = 'endless-pages' | 'repeating-pages' | 'lying-count' | 'absurd-count' | 'not-a-count';

export async function startHostilePager(kind: HostilePaging): Promise<HostileServer> {
  const stub = await startStubPortainer({
    'GET /api/users': (_req, res) => sendJson(res, 200, [{ Id: 1, Username: 'admin', Role: 1 }]),
    'GET /api/roles': (_req, res) => sendJson(res, 200, []),
    'GET /api/teams': (_req, res) => sendJson(res, 200, []),
    'GET /api/endpoints': (req, res) => answerPage(kind, req, res),
  });
  return {
    url: stub.url,
    get requests() {
      return stub.requests.map((request) => `${request.method} ${request.path}`);
    },
    close: () => stub.close(),
  };
}

function answerPage(kind: HostilePaging, req: IncomingMessage, res: ServerResponse): void {
  const query = new URL(req.url ?? '/', 'http://hostile').searchParams;
  const limit = Number(query.get('limit') ?? 0) || 100;
  const start = Math.max(1, Number(query.get('start') ?? 1));
  const page = (from: number, count: number) => Array.from({ length: count }, (_, index) => ({ Id: from + index, Name: `env-${from + index}`, GroupId: 1 }));
  const send = (body: unknown, total?: string): void =>
    void res.writeHead(200, { 'content-type': 'application/json', ...(total === undefined ? {} : { 'x-total-count': total }) }).end(JSON.stringify(body));
  switch (kind) {
    case 'endless-pages':
      return send(page(start, limit));
    case 'repeating-pages':
      return send(page(1, limit));
    case 'lying-count':
      return send(page(start, Math.max(0, Math.min(limit, 151 - start))), '900000');
    case 'absurd-count':
      return send(page(start, limit), '1000000000000000');
    case 'not-a-count':
      return send(page(start, limit), '1e15');
  }
}
