#!/usr/bin/env node
// Environment access at scale: 2,000 environments, 200 of them in the manifest
// with 20 grants each (15 users, 5 teams), one group, Business Edition, 10 ms
// latency. Counts the reads (pages + groups + roles, beside the users and
// teams) and the writes (one PUT per changed environment, after one re-read, then one read-back),
// and times `plan` against a bare fetch floor making the same requests.
// Build first (`npm run build`).   node bench/access.mjs
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../dist/emulator/index.js';
import { runCli, runNode } from './support/child.mjs';
import { finish, median, ms, printTable, seconds } from './support/table.mjs';
import { ADMIN_PASSWORD, USER_PASSWORD } from './support/world.mjs';

const LATENCY_MS = 10;
const CONCURRENCY = 8;
const RUNS = 5;
const ENVIRONMENTS = 2_000;
const MANAGED_EVERY = 10; // 200 of 2,000
const USERS = 150;
const TEAMS = 20;
const PAGE = 100;
const CHANGED = 50;
const PHASES = {
  beforeFirstRequest: 'spawn to first request (start-up)',
  untilLogin: 'first request to login (the manifest, 4,000 grants)',
  reads: 'login to last read (users, teams, roles, groups, 20 pages)',
  afterLastRequest: 'last read to exit (plan, digest, output)',
};
const FLOOR = fileURLToPath(new URL('./support/access-floor.mjs', import.meta.url));

const users = Array.from({ length: USERS }, (_, index) => `user-${String(index).padStart(3, '0')}`);
const teams = Array.from({ length: TEAMS }, (_, index) => `team-${String(index).padStart(2, '0')}`);
const environmentName = (index) => `env-${String(index).padStart(4, '0')}`;
const managed = Array.from({ length: ENVIRONMENTS / MANAGED_EVERY }, (_, index) => index * MANAGED_EVERY);
const usersOf = (index) => Array.from({ length: 15 }, (_, at) => users[(index + at * 7) % USERS]);
const teamsOf = (index) => Array.from({ length: 5 }, (_, at) => teams[(index + at * 3) % TEAMS]);

const seeding = performance.now();
const emulator = await startEmulator({
  port: 0,
  latencyMs: LATENCY_MS,
  edition: 'be',
  seed: {
    users: [{ username: 'admin', password: ADMIN_PASSWORD, role: 'admin' }, ...users.map((username) => ({ username, password: USER_PASSWORD }))],
    teams: teams.map((name) => ({ name })),
    environmentGroups: [{ name: 'edge', teams: teamsOf(0).map((name) => ({ name, roleId: 3 })) }],
    environments: Array.from({ length: ENVIRONMENTS }, (_, index) => ({
      name: environmentName(index),
      // Every environment has grants, so the pages weigh what a real server's would.
      users: usersOf(index).map((name) => ({ name, roleId: 3 })),
      teams: teamsOf(index).map((name) => ({ name, roleId: 3 })),
    })),
  },
});
const seedMs = performance.now() - seeding;
stampArrivals(emulator.requests);
const dir = mkdtempSync(join(tmpdir(), 'bench-access-'));
const manifestPath = join(dir, 'users.yaml');
writeFileSync(manifestPath, manifest());
const env = { PORTAINER_URL: emulator.url, BENCH_ADMIN_PASSWORD: ADMIN_PASSWORD };
const rows = [];
const phaseRows = [];
try {
  // Converged: no change, so the figures are observation alone.
  const first = await planOnce();
  if (!first.stdout.includes('No changes')) throw new Error(`expected no changes:\n${first.stdout.slice(0, 2000)}`);
  const pages = Math.ceil(ENVIRONMENTS / PAGE);
  const reads = accessReads();
  rows.push({ name: `access reads (GET /endpoints pages, /endpoint_groups, /roles)`, figure: `${reads} (min ${pages + 2})`, target: 'pages + 2', ratio: reads / (pages + 2), limit: 1, exact: true });
  rows.push({ name: 'writes of a plan with no change', figure: String(writes()), target: '0', ratio: writes() === 0 ? 1 : Infinity, limit: 1, exact: true });

  const plans = [];
  const floors = [];
  for (let run = 0; run < RUNS; run += 1) {
    const planned = await planOnce();
    plans.push({ wallMs: planned.wallMs, phases: phasesOf(planned.startedMs, planned.wallMs) });
    const floored = await floorOnce();
    floors.push({ wallMs: floored.wallMs, phases: phasesOf(floored.startedMs, floored.wallMs) });
  }
  const plan = middleRun(plans);
  const floor = middleRun(floors);
  rows.push({ name: `plan wall time, 2,000 environments, 200 managed (median of ${RUNS})`, figure: ms(plan.wallMs), target: '<= 1.25x floor', ratio: plan.wallMs / floor.wallMs, limit: 1.25 });
  rows.push({ name: `floor: bare fetch, same requests, concurrency ${CONCURRENCY}`, figure: ms(floor.wallMs), target: '-' });
  for (const [key, name] of Object.entries(PHASES)) {
    phaseRows.push({ name, figure: `${ms(plan.phases[key])} vs ${ms(floor.phases[key])}`, target: 'cli vs floor', ratio: floor.phases[key] > 0 ? plan.phases[key] / floor.phases[key] : undefined });
  }

  // Behind the tool's back: a role changed on each of 50 managed environments; apply puts them right.
  for (const index of managed.slice(0, CHANGED)) emulator.grant({ environment: environmentName(index) }, { user: usersOf(index)[0] }, 4);
  emulator.clearRequests();
  const applied = await runCli(['apply', '-f', manifestPath, '--auto-approve', '--concurrency', String(CONCURRENCY)], { env, cwd: dir });
  const puts = emulator.requests.filter((request) => request.method === 'PUT' && /^\/api\/endpoints\/\d+$/.test(request.path)).length;
  const rereads = emulator.requests.filter((request) => request.method === 'GET' && /^\/api\/endpoints\/\d+$/.test(request.path)).length;
  rows.push({ name: `PUTs to put ${CHANGED} changed environments right`, figure: `${puts} (min ${CHANGED})`, target: 'one per changed environment', ratio: puts / CHANGED, limit: 1, exact: true });
  rows.push({ name: `re-reads just before those PUTs and read-backs after them`, figure: `${rereads}`, target: 'two per PUT', ratio: rereads / (2 * CHANGED), limit: 1, exact: true });
  rows.push({ name: 'apply wall time (plan, then 50 re-reads, PUTs and read-backs)', figure: ms(applied.wallMs), target: '-' });
  const after = await planOnce();
  rows.push({ name: 'writes of the plan after apply', figure: after.stdout.includes('No changes') ? '0 (no changes)' : 'changes left', target: '0', ratio: after.stdout.includes('No changes') ? 1 : Infinity, limit: 1, exact: true });
} finally {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
}
const misses = printTable(`environment access (${ENVIRONMENTS.toLocaleString('en')} environments, ${managed.length} managed, 20 grants each, ${LATENCY_MS} ms latency, --concurrency ${CONCURRENCY})`, rows);
printTable('where the time goes (the median runs above; from the emulator request log)', phaseRows);
console.log(`  seeding the emulator took ${seconds(seedMs)} (not part of any figure)`);
finish(misses);

function manifest() {
  const lines = ['version: 1', 'admin:', '  username: admin', '  password: { env: BENCH_ADMIN_PASSWORD }', 'users:'];
  for (const username of users) lines.push(`  - username: ${username}`);
  lines.push('teams:');
  for (const name of teams) lines.push(`  - name: ${name}`);
  lines.push('environments:');
  for (const index of managed) {
    lines.push(`  - name: ${environmentName(index)}`, `    users: [${usersOf(index).join(', ')}]`, `    teams: [${teamsOf(index).join(', ')}]`);
  }
  lines.push('environmentGroups:', '  - name: edge', `    teams: [${teamsOf(0).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

async function planOnce() {
  emulator.clearRequests();
  return runCli(['plan', '-f', manifestPath, '--concurrency', String(CONCURRENCY)], { env, cwd: dir });
}

async function floorOnce() {
  emulator.clearRequests();
  const result = await runNode([FLOOR, emulator.url, String(CONCURRENCY)], { env });
  if (result.code !== 0) throw new Error(`the fetch floor failed: ${result.stderr.slice(0, 1000)}`);
  return result;
}


/** Where one run's time went, from the arrival times of its requests. */
function phasesOf(startedMs, wallMs) {
  const requests = emulator.requests;
  const at = (request) => (request?.atMs ?? startedMs) - startedMs;
  const login = requests.find((request) => request.method === 'POST' && request.path === '/api/auth');
  return {
    beforeFirstRequest: at(requests[0]),
    untilLogin: at(login) - at(requests[0]),
    reads: at(requests.at(-1)) - at(login),
    afterLastRequest: wallMs - at(requests.at(-1)),
  };
}

/** The run with the median wall time. */
function middleRun(runs) {
  const wall = median(runs.map((run) => run.wallMs));
  return runs.find((run) => run.wallMs === wall);
}

function accessReads() {
  return emulator.requests.filter((request) => request.method === 'GET' && /^\/api\/(endpoints|endpoint_groups|roles)$/.test(request.path)).length;
}

function writes() {
  return emulator.requests.filter((request) => request.method !== 'GET' && request.path !== '/api/auth').length;
}

function stampArrivals(requests) {
  requests.push = function push(...entries) {
    for (const entry of entries) entry.atMs = performance.now();
    return Array.prototype.push.apply(this, entries);
  };
}
