#!/usr/bin/env node
// How long `validate` takes on a 10,000-user manifest (the CLI as a user runs it, start-up
// included). Build first: `npx tsc -p tsconfig.json`. Prints the median of 5 runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const USERS = 10_000;
const RUNS = 5;
const TARGET_MS = 1000;
const BIN = fileURLToPath(new URL('../bin/portainer-users.js', import.meta.url));

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
try {
  const file = join(dir, 'users.yaml');
  writeFileSync(file, largeManifest());
  const timings = [];
  for (let run = 0; run < RUNS; run += 1) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [BIN, 'validate', '-f', file], {
      env: { ...process.env, BENCH_PASSWORD: 'bench-password-value' },
      encoding: 'utf8',
    });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`validate exited ${result.status}: ${result.stderr.slice(0, 500)}`);
    timings.push(elapsed);
  }
  timings.sort((a, b) => a - b);
  const median = timings[Math.floor(RUNS / 2)];
  const rows = [
    ['case', 'figure', 'target', 'ratio'],
    [`validate, ${USERS.toLocaleString('en')} users (median of ${RUNS})`, `${median.toFixed(0)} ms`, `${TARGET_MS / 1000} s`, (median / TARGET_MS).toFixed(2)],
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
