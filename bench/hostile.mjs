#!/usr/bin/env node
// Peak memory and time of the CLI against answers no Portainer gives: pages
// without end, counts that lie or are absurd, JSON nested without end just
// under the 64 MB size cap, and the gzip bomb. Each must end in a sentence,
// with the CLI's peak resident memory under 300 MB. Build first (`npm run build`).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/child.mjs';
import { flood, serve } from './support/flood.mjs';
import { finish, megabytes, printTable } from './support/table.mjs';

const TARGET_KB = 300 * 1024;

/** A Portainer in every answer but `GET /endpoints`, whose pages misbehave as `kind` says. */
function pager(kind) {
  const json = (res, body, headers = {}) => res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  const page = (from, count) => Array.from({ length: count }, (_, index) => ({ Id: from + index, Name: `env-${from + index}`, GroupId: 1 }));
  return (req, res) => {
    req.resume();
    const url = new URL(req.url, 'http://bench');
    const path = url.pathname;
    if (path === '/api/settings/public') return json(res, { RequiredPasswordLength: 12 });
    if (path === '/api/users/admin/check') return void res.writeHead(204).end();
    if (path === '/api/auth') return json(res, { jwt: 'bench.jwt.value' });
    if (path === '/api/users') return json(res, [{ Id: 1, Username: 'admin', Role: 1 }]);
    if (path === '/api/roles' || path === '/api/teams') return json(res, []);
    if (path !== '/api/endpoints') return json(res, { message: 'Not found' });
    const limit = Number(url.searchParams.get('limit')) || 100;
    const start = Math.max(1, Number(url.searchParams.get('start')) || 1);
    if (kind === 'endless') return json(res, page(start, limit));
    if (kind === 'repeating') return json(res, page(1, limit));
    if (kind === 'lying') return json(res, page(start, Math.max(0, Math.min(limit, 151 - start))), { 'x-total-count': '900000' });
    if (kind === 'absurd') return json(res, page(start, limit), { 'x-total-count': '1000000000000000' });
    if (kind === 'at-the-cap') return json(res, page(start, Math.max(0, Math.min(limit, 1_000_001 - start))), { 'x-total-count': '1000000' });
    return json(res, page(start, limit), { 'x-total-count': '1e15' });
  };
}

const CASES = [
  ['full pages of new environments without end, no count', pager('endless'), [1]],
  ['the same full page whatever start says, no count', pager('repeating'), [1]],
  ['X-Total-Count 900,000 for 150 environments', pager('lying'), [1]],
  ['X-Total-Count 10^15', pager('absurd'), [1]],
  ['X-Total-Count "1e15"', pager('not-a-count'), [1]],
  ['X-Total-Count 1,000,000 honoured (10,000 pages)', pager('at-the-cap'), [0, 1]],
  ['63 MB of nested brackets (under the 64 MB cap)', flood('deep', 63), [1]],
  ['a gzip answer unpacking to 1 GB', flood('gzip-bomb', 1024), [1]],
];

const dir = mkdtempSync(join(tmpdir(), 'bench-hostile-'));
const rows = [];
try {
  const file = join(dir, 'users.yaml');
  writeFileSync(file, 'version: 1\nusers: []\nenvironments:\n  - name: env-1\n    users: [admin]\n');
  for (const [name, handler, expectCodes] of CASES) {
    const server = await serve(handler);
    const run = await runCli(['plan', '-f', file], { env: { PORTAINER_URL: server.url, PORTAINER_USERNAME: 'admin', PORTAINER_PASSWORD: 'x' }, expectCodes });
    server.close();
    const said = run.stderr.trim().split('\n')[0]?.slice(0, 110) ?? '';
    rows.push({ name: `${name} (${(run.wallMs / 1000).toFixed(1)} s)`, figure: megabytes(run.maxRssKb), target: '< 300 MB', ratio: (run.maxRssKb ?? 0) / TARGET_KB, limit: 1 });
    console.log(`  ${name}: ${said}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
finish(printTable('peak RSS of the CLI against answers no Portainer gives', rows));
