#!/usr/bin/env node
// Peak memory of the CLI when a hostile server answers too much: a 600 MB
// body, and a gzip body that unpacks to 1 GB. The tool reads at most 64 MB
// of an answer (decompressed) and refuses the rest; this shows what that
// costs. Build first (`npm run build`).
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli } from './support/child.mjs';
import { finish, megabytes, printTable } from './support/table.mjs';

const MB = 1024 * 1024;
const TARGET_KB = 300 * 1024;

/** Answers every request with `megabytes` of body: plain, or gzip members of 16 MB of zeros each. */
async function hostileServer(kind, megabytes) {
  const chunk = kind === 'gzip-bomb' ? gzipSync(Buffer.alloc(16 * MB)) : Buffer.alloc(MB, 'x');
  const total = kind === 'gzip-bomb' ? Math.ceil(megabytes / 16) : megabytes;
  const server = createServer((req, res) => {
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
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => (server.closeAllConnections(), server.close()) };
}

const dir = mkdtempSync(join(tmpdir(), 'bench-answers-'));
const rows = [];
try {
  const file = join(dir, 'users.yaml');
  writeFileSync(file, 'version: 1\nusers: []\n');
  for (const [name, kind, size] of [['a 600 MB answer', 'huge', 600], ['a gzip answer unpacking to 1 GB', 'gzip-bomb', 1024]]) {
    const server = await hostileServer(kind, size);
    const run = await runCli(['plan', '-f', file], {
      env: { PORTAINER_URL: server.url, PORTAINER_USERNAME: 'admin', PORTAINER_PASSWORD: 'x' },
      expectCodes: [1],
    });
    server.close();
    rows.push({ name: `peak RSS of the CLI, ${name} (refused in ${(run.wallMs / 1000).toFixed(1)} s)`, figure: megabytes(run.maxRssKb), target: '< 300 MB', ratio: (run.maxRssKb ?? 0) / TARGET_KB, limit: 1 });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
finish(printTable('answers larger than any Portainer sends', rows));
