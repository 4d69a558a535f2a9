#!/usr/bin/env node
// `validate` of a 10,000-user manifest, the CLI as a user runs it (start-up
// included). Build first (`npm run build`).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/child.mjs';
import { finish, median, megabytes, ms, printTable } from './support/table.mjs';

const USERS = 10_000;
const RUNS = 5;
const TARGET_MS = 1000;

/** A realistic large manifest: every user with a password variable, one in five with a rotating key. */
function largeManifest() {
  const lines = ['version: 1', 'admin:', '  username: admin', '  password: { env: BENCH_PASSWORD }', 'users:'];
  for (let index = 0; index < USERS; index += 1) {
    lines.push(`  - username: user-${String(index).padStart(5, '0')}`);
    if (index % 10 === 0) lines.push('    role: admin');
    lines.push('    password: { env: BENCH_PASSWORD }');
    if (index % 5 === 0) lines.push('    apiKeys:', '      - description: deploy', '        rotateAfter: 90d');
  }
  lines.push('prune:', '  users: true', '  protect: ["break-glass-*"]', '  maxDeletes: 5%');
  return `${lines.join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-validate-'));
let rows;
try {
  const file = join(dir, 'users.yaml');
  writeFileSync(file, largeManifest());
  const runs = [];
  for (let run = 0; run < RUNS; run += 1) {
    runs.push(await runCli(['validate', '-f', file], { env: { BENCH_PASSWORD: 'bench-password-value' } }));
  }
  const wall = median(runs.map((run) => run.wallMs));
  const rss = median(runs.map((run) => run.maxRssKb ?? 0));
  rows = [
    { name: `validate, ${USERS.toLocaleString('en')} users (median of ${RUNS})`, figure: ms(wall), target: '< 1 s', ratio: wall / TARGET_MS, limit: 1 },
    { name: 'peak RSS of the CLI', figure: megabytes(rss || undefined), target: '-' },
  ];
} finally {
  rmSync(dir, { recursive: true, force: true });
}
finish(printTable('validate', rows));
