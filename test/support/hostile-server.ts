import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { listenOnLoopback } from './loopback.js';

/** A server that answers every request with too much: a huge plain body, or a small gzip that unpacks to a huge one. */
export interface HostileServer {
  url: string;
  /** Requests received, by `METHOD path`. */
  requests: string[];
  close(): Promise<void>;
}

const MB = 1024 * 1024;

export async function startHostileServer(kind: 'huge' | 'gzip-bomb', megabytes: number): Promise<HostileServer> {
  const requests: string[] = [];
  // A gzip stream may hold many members; one of 16 MB of zeros (16 kB compressed), repeated, unpacks to any size.
  const member = kind === 'gzip-bomb' ? gzipSync(Buffer.alloc(16 * MB)) : Buffer.alloc(MB, 'x');
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
