#!/usr/bin/env node
// `plan` against the emulator with 10 ms added latency: how many reads it makes,
// how long it takes next to a bare fetch loop doing the same requests, where
// the difference goes, how it scales, and how much memory the CLI needs.
// Build first (`npm run build`).
//   node bench/plan.mjs [--quick]   (--quick skips the 50,000-user case, whose seeding alone takes minutes)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, runNode } from './support/child.mjs';
import { finish, megabytes, median, ms, printTable, seconds } from './support/table.mjs';
import { phasesOf, requestsAfterAuth, startPlanWorld } from './support/world.mjs';

const LATENCY_MS = 10;
const CONCURRENCY = 8;
const RUNS = 3;
const FLOOR = fileURLToPath(new URL('./support/fetch-floor.mjs', import.meta.url));
const quick = process.argv.includes('--quick');

const rows = [];
const phaseRows = [];
const notes = [];

// 10,000 users, 1,000 key-managed: requests, then wall time against the floor.
{
  const world = await startPlanWorld({ users: 10_000, keyManaged: 1_000, latencyMs: LATENCY_MS });
  notes.push(`seeding the emulator with 10,000 users took ${seconds(world.seedMs)} (not part of any figure)`);
  try {
    await planOnce(world);
    rows.push(requestsRow(world, 10_000, 1_000));
    const plans = [];
    const floors = [];
    for (let run = 0; run < RUNS; run += 1) {
      plans.push(await planOnce(world));
      floors.push(await floorOnce(world, 1_000));
    }
    const plan = middleRun(plans);
    const floor = middleRun(floors);
    rows.push({ name: `plan wall time, 10,000 users (median of ${RUNS})`, figure: ms(plan.wallMs), target: '<= 1.25x floor', ratio: plan.wallMs / floor.wallMs, limit: 1.25 });
    rows.push({ name: `floor: bare fetch loop, same requests, concurrency ${CONCURRENCY}`, figure: ms(floor.wallMs), target: '-' });
    phaseRows.push(...comparePhases(plan.phases, floor.phases));
  } finally {
    await world.close();
  }
}

// Scaling: one run each, with a tenth of the users key-managed.
for (const users of quick ? [1_000] : [1_000, 50_000]) {
  const keyManaged = users / 10;
  const world = await startPlanWorld({ users, keyManaged, latencyMs: LATENCY_MS });
  notes.push(`seeding the emulator with ${users.toLocaleString('en')} users took ${seconds(world.seedMs)} (not part of any figure)`);
  try {
    const result = await planOnce(world);
    rows.push(requestsRow(world, users, keyManaged));
    rows.push({ name: `plan wall time, ${users.toLocaleString('en')} users`, figure: ms(result.wallMs), target: '-' });
    const memory = { name: `peak RSS of the CLI, ${users.toLocaleString('en')} users`, figure: megabytes(result.maxRssKb), target: users === 50_000 ? '< 300 MB' : '-' };
    if (users === 50_000 && result.maxRssKb !== undefined) Object.assign(memory, { ratio: result.maxRssKb / 1024 / 300, limit: 1 });
    rows.push(memory);
  } finally {
    await world.close();
  }
}

const misses = printTable(`plan against the emulator (${LATENCY_MS} ms latency, --concurrency ${CONCURRENCY})`, rows);
printTable('where the time goes, 10,000 users (the median runs above; from the emulator request log)', phaseRows);
for (const note of notes) console.log(`  ${note}`);
if (quick) console.log('  --quick: the 50,000-user case was skipped');
finish(misses);

async function planOnce(world) {
  world.emulator.clearRequests();
  const result = await runCli(['plan', '-f', world.manifestPath, '--concurrency', String(CONCURRENCY)], { env: world.env, cwd: world.dir });
  return { ...result, phases: phasesOf(world.emulator, result.startedMs, result.wallMs) };
}

/** Reads after the tool's login: exactly one `GET /users` and one key list per key-managed user, none twice. */
function requestsRow(world, users, keyManaged) {
  const reads = requestsAfterAuth(world.emulator);
  const distinct = new Set(reads.map((request) => `${request.method} ${request.path}`)).size;
  const minimum = 1 + keyManaged;
  const repeated = reads.length - distinct;
  return {
    name: `reads after auth, ${users.toLocaleString('en')} users, ${keyManaged.toLocaleString('en')} key-managed`,
    figure: `${reads.length} (min ${minimum}${repeated > 0 ? `, ${repeated} repeated` : ''})`,
    target: '1 + U',
    ratio: reads.length / minimum,
    limit: 1,
    exact: true,
  };
}

async function floorOnce(world, keyManaged) {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-floor-'));
  try {
    const names = join(scratch, 'names.json');
    writeFileSync(names, JSON.stringify(Array.from({ length: keyManaged }, (_, index) => `user-${String(index).padStart(5, '0')}`)));
    world.emulator.clearRequests();
    const result = await runNode([FLOOR, world.emulator.url, String(CONCURRENCY), names], { env: world.env });
    if (result.code !== 0) throw new Error(`the fetch floor failed: ${result.stderr.slice(0, 1000)}`);
    return { ...result, phases: phasesOf(world.emulator, result.startedMs, result.wallMs) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The run with the median wall time (its phases then add up to the median). */
function middleRun(runs) {
  const wall = median(runs.map((run) => run.wallMs));
  return runs.find((run) => run.wallMs === wall);
}

function comparePhases(plan, floor) {
  const names = {
    beforeFirstRequest: 'spawn to first request (start-up, manifest)',
    untilUserList: 'first request to GET /users (settings, login)',
    userListToFirstKeyList: 'GET /users to first key list (user list parsed)',
    keyLists: 'key lists (1,000 reads)',
    afterLastRequest: 'last request to exit (plan, digest, output)',
  };
  return Object.entries(names).map(([key, name]) => ({ name, figure: `${ms(plan[key])} vs ${ms(floor[key])}`, target: 'cli vs floor', ratio: floor[key] > 0 ? plan[key] / floor[key] : undefined }));
}
