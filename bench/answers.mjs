#!/usr/bin/env node
// Peak memory of the CLI when a hostile server answers too much: a 600 MB
// body, and a gzip body that unpacks to 1 GB. The tool reads at most 64 MB
// of an answer (decompressed) and refuses the rest; this shows what that
// costs. Build first (`npm run build`).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/child.mjs';
import { flood, serve } from './support/flood.mjs';
import { finish, megabytes, printTable } from './support/table.mjs';

const TARGET_KB = 300 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'bench-answers-'));
const rows = [];
try {
  const file = join(dir, 'users.yaml');
  writeFileSync(file, 'version: 1\nusers: []\n');
  for (const [name, kind, size] of [['a 600 MB answer', 'huge', 600], ['a gzip answer unpacking to 1 GB', 'gzip-bomb', 1024]]) {
    const server = await serve(flood(kind, size));
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
