import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';

const MB = 1024 * 1024;

/**
 * A request handler that answers every request with `megabytes` of body:
 * `huge` plain bytes, `gzip-bomb` gzip members of 16 MB of zeros each (16 kB
 * compressed), or `deep` opening brackets (JSON nested without end).
 */
export function flood(kind, megabytes) {
  const chunk = kind === 'gzip-bomb' ? gzipSync(Buffer.alloc(16 * MB)) : Buffer.alloc(MB, kind === 'deep' ? '[' : 'x');
  const total = kind === 'gzip-bomb' ? Math.ceil(megabytes / 16) : megabytes;
  return (req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', ...(kind === 'gzip-bomb' ? { 'content-encoding': 'gzip' } : {}) });
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        sent += 1;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => (sent = total));
    pump();
  };
}

/** Serves `handler` on a free loopback port. */
export async function serve(handler) {
  const server = createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => (server.closeAllConnections(), server.close()) };
}
