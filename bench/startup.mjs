#!/usr/bin/env node
// Start-up: `--version`, `--help` and plan's start next to a bare `node -e 0` on the same
// machine, runs interleaved so that load from elsewhere hits all of them alike.
//
// Plan's start is the fixed cost of a plan before its first request to Portainer: the time from
// spawning `plan -f manifest.yaml --url http://127.0.0.1:PORT --api-key ...` until its first
// request reaches a local server (which answers every request 500, so the plan then ends). The
// other cases are spawn to exit. Each ratio is the median, over the rounds, of the case's time
// over `node -e 0`'s in the same round (a ratio moves less than the times when the machine's load
// drifts). The floor of plan's start is a bare `node -e` sending one GET on node:http.
//
// Where NODE_EXTRA_CA_CERTS is set (this machine sets it for every process), node reads that bundle
// at start-up, which costs node -e 0 itself tens of milliseconds; the table is then printed again
// with it unset, as most machines and CI runners run, the ratios set against a much shorter node -e 0.
// Build first (`npm run build`).
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, runNode } from './support/child.mjs';
import { finish, median, ms, printTable } from './support/table.mjs';

const RUNS = /^\d+$/.test(process.argv[2] ?? '') ? Number(process.argv[2]) : 31;

const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
const manifest = join(dir, 'manifest.yaml');
writeFileSync(manifest, 'version: 1\nusers:\n  - username: alice\n  - username: bob\n    role: admin\n');

/** A server that notes when the first request arrived and answers every request 500. */
const server = createServer((_request, response) => {
  firstArrival ??= performance.now();
  response.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"bench"}');
});
let firstArrival;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}`;

/** Runs one case; its time is spawn to exit, or with `untilRequest` spawn to the first request's arrival. */
async function time({ args, untilRequest, code }, env) {
  firstArrival = undefined;
  const result = await runNode(args, { memory: false, env });
  if (result.code !== code) throw new Error(`node ${args.join(' ')} exited ${result.code}: ${result.stderr.slice(0, 500)}`);
  if (!untilRequest) return result.wallMs;
  if (firstArrival === undefined) throw new Error(`node ${args.join(' ')} sent no request`);
  return firstArrival - result.startedMs;
}

const bare = { name: 'node -e 0', args: ['-e', '0'], code: 0 };
const floor = `require('node:http').get(${JSON.stringify(`${url}/api/system/status`)}).on('error', () => {}).on('response', (r) => r.resume())`;
const cases = [
  { name: 'portainer-users --version', args: [BIN, '--version'], code: 0, limit: 1.2 },
  { name: 'portainer-users --help', args: [BIN, '--help'], code: 0, limit: 1.5 },
  { name: "plan's start: spawn to its first request", args: [BIN, 'plan', '-f', manifest, '--url', url, '--api-key', 'ptr_bench'], untilRequest: true, code: 1, limit: 1.2 },
  { name: "floor of plan's start: node -e, one GET on node:http", args: ['-e', floor], untilRequest: true, code: 0 },
];

/** Every case RUNS times, interleaved with node -e 0; the table's rows. */
async function measure(env) {
  const bareTimes = [];
  const times = cases.map(() => []);
  const ratios = cases.map(() => []);
  for (let run = 0; run < RUNS; run += 1) {
    const bareMs = await time(bare, env);
    bareTimes.push(bareMs);
    for (const [index, which] of cases.entries()) {
      const caseMs = await time(which, env);
      times[index].push(caseMs);
      ratios[index].push(caseMs / bareMs);
    }
  }
  return [
    { name: `node -e 0 (median of ${RUNS})`, figure: ms(median(bareTimes)), target: '-' },
    ...cases.map((which, index) => ({
      name: `${which.name} (median of ${RUNS})`,
      figure: ms(median(times[index])),
      target: which.limit ? `<= ${which.limit}x node -e 0` : '-',
      ratio: median(ratios[index]),
      ...(which.limit ? { limit: which.limit } : {}),
    })),
  ];
}

const extraCerts = process.env['NODE_EXTRA_CA_CERTS'];
let rows;
let cleanRows;
try {
  rows = await measure({});
  if (extraCerts) cleanRows = await measure({ NODE_EXTRA_CA_CERTS: '' });
} finally {
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
const misses = printTable(`start-up${extraCerts ? ` (NODE_EXTRA_CA_CERTS=${extraCerts})` : ''}; ratio: the median of each round's time over node -e 0's`, rows);
if (cleanRows) printTable('start-up without NODE_EXTRA_CA_CERTS (not counted in the exit code)', cleanRows.map(({ limit: _limit, ...row }) => row));
finish(misses);
