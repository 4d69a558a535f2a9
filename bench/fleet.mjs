#!/usr/bin/env node
// `plan --fleet` of 10 Portainers (emulators with 1,000 users each, 100 of them with a key the
// manifest manages, 10 ms latency), next to each target planned alone: the fleet's wall time
// (the default --parallel, all ten at once, and --parallel 4) against the slowest single plan, and
// its CPU time (user + system, which a busy machine moves less than wall time), requests per
// target against a single plan's, and the peak memory of the one process that plans them all. Every target layers the one shared users.yaml
// (read and parsed once per run) with an overlay of its own. Build first (`npm run build`).
//   node bench/fleet.mjs
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../dist/emulator/index.js';
import { runCli } from './support/child.mjs';
import { finish, megabytes, median, ms, printTable, seconds } from './support/table.mjs';
import { ADMIN_PASSWORD, planManifest, USER_PASSWORD } from './support/world.mjs';

const TARGETS = 10;
const USERS = 1_000;
const KEY_MANAGED = 100;
const LATENCY_MS = 10;
const RUNS = 3;

const names = Array.from({ length: USERS }, (_, index) => `user-${String(index).padStart(5, '0')}`);
const seedUsers = [
  { username: 'admin', password: ADMIN_PASSWORD, role: 'admin' },
  ...names.map((username, index) => ({ username, password: USER_PASSWORD, ...(index < KEY_MANAGED ? { apiKeys: [{ description: 'deploy' }] } : {}) })),
];

const seeding = performance.now();
const emulators = [];
for (let index = 0; index < TARGETS; index += 1) {
  emulators.push(await startEmulator({ port: 0, latencyMs: LATENCY_MS, instanceId: `bench-instance-${index}`, seed: { users: seedUsers } }));
}
const seedMs = performance.now() - seeding;

const dir = mkdtempSync(join(tmpdir(), 'bench-fleet-'));
const env = { BENCH_ADMIN_PASSWORD: ADMIN_PASSWORD, BENCH_USER_PASSWORD: USER_PASSWORD };
writeFileSync(join(dir, 'users.yaml'), planManifest(names, KEY_MANAGED));
const targets = emulators.map((emulator, index) => ({ name: `site-${index}`, url: emulator.url, overlay: `site-${index}.yaml`, emulator }));
for (const target of targets) {
  // Each overlay says again what the shared file says (so every plan has no changes, and measures observation).
  writeFileSync(join(dir, target.overlay), 'version: 1\nusers:\n  - username: user-00000\n    role: standard\n');
}
writeFileSync(
  join(dir, 'fleet.yaml'),
  ['version: 1', 'targets:', ...targets.flatMap((target, index) => [`  - name: ${target.name}`, `    url: ${target.url}`, `    manifests: [users.yaml, ${target.overlay}]`, `    instanceId: bench-instance-${index}`])].join('\n') + '\n',
);

const rows = [];
try {
  // Each target alone, as `plan -f users.yaml -f site-N.yaml` would plan it.
  const single = [];
  await runCli(['plan', '-f', 'users.yaml', '-f', targets[0].overlay], { cwd: dir, env: { ...env, PORTAINER_URL: targets[0].url } });
  for (const target of targets) {
    target.emulator.clearRequests();
    const result = await runCli(['plan', '-f', 'users.yaml', '-f', target.overlay], { cwd: dir, env: { ...env, PORTAINER_URL: target.url } });
    single.push({ wallMs: result.wallMs, cpuMs: result.cpuMs, requests: target.emulator.requests.length, maxRssKb: result.maxRssKb });
  }
  const slowest = Math.max(...single.map((run) => run.wallMs));

  /** `plan --fleet` with `--parallel N` (the default, 4, when undefined), the median of RUNS runs. */
  async function fleetPlan(parallel) {
    const runs = [];
    for (let run = 0; run < RUNS; run += 1) {
      for (const target of targets) target.emulator.clearRequests();
      const result = await runCli(['plan', '--fleet', 'fleet.yaml', ...(parallel ? ['--parallel', String(parallel)] : [])], { cwd: dir, env });
      runs.push({ ...result, requests: targets.map((target) => target.emulator.requests.length) });
    }
    const wall = median(runs.map((run) => run.wallMs));
    return { ...runs.find((run) => run.wallMs === wall), cpuMs: median(runs.map((run) => run.cpuMs)) };
  }
  // All ten at once, as a fleet this size is best planned; the default (4) beside it.
  const fleet = await fleetPlan(TARGETS);
  const wall = fleet.wallMs;
  const fourAtOnce = await fleetPlan(undefined);

  rows.push({ name: `slowest of ${TARGETS} targets planned alone`, figure: ms(slowest), target: '-' });
  rows.push({ name: `median single target`, figure: ms(median(single.map((run) => run.wallMs))), target: '-' });
  rows.push({ name: `plan --fleet, ${TARGETS} targets, --parallel ${TARGETS} (median of ${RUNS})`, figure: ms(wall), target: '<= 1.5x slowest single', ratio: wall / slowest, limit: 1.5 });
  rows.push({ name: `plan --fleet, default --parallel 4: three rounds of ten targets' latency (median of ${RUNS})`, figure: ms(fourAtOnce.wallMs), target: '-', ratio: fourAtOnce.wallMs / slowest });
  // CPU time moves less than wall time on a busy machine: the fleet's own cost, next to one target's.
  const cpu = (value) => (value === undefined ? 'n/a' : ms(value));
  rows.push({ name: `CPU time (user + system) of plan --fleet, --parallel ${TARGETS} / default 4 (median of ${RUNS})`, figure: `${cpu(fleet.cpuMs)} / ${cpu(fourAtOnce.cpuMs)}`, target: '-' });
  rows.push({ name: 'CPU time of one target planned alone (median)', figure: cpu(median(single.map((run) => run.cpuMs ?? Number.NaN))), target: '-' });
  const extra = Math.max(...fleet.requests.map((count, index) => count - single[index].requests));
  rows.push({
    name: 'requests per target: fleet run vs the target alone',
    figure: `${fleet.requests[0]} vs ${single[0].requests} (max difference ${extra})`,
    target: 'the same',
    ratio: Math.max(...fleet.requests.map((count, index) => count / single[index].requests)),
    limit: 1,
    exact: true,
  });
  rows.push({ name: 'peak RSS of the fleet plan', figure: megabytes(fleet.maxRssKb), target: '< 250 MB', ...(fleet.maxRssKb === undefined ? {} : { ratio: fleet.maxRssKb / 1024 / 250, limit: 1 }) });
  rows.push({ name: 'peak RSS of one target planned alone', figure: megabytes(single[0].maxRssKb), target: '-' });
} finally {
  await Promise.all(emulators.map((emulator) => emulator.close()));
  rmSync(dir, { recursive: true, force: true });
}

const misses = printTable(`plan --fleet: ${TARGETS} emulators of ${USERS.toLocaleString('en')} users (${KEY_MANAGED} key-managed), ${LATENCY_MS} ms latency`, rows);
console.log(`  seeding ${TARGETS} emulators took ${seconds(seedMs)} (not part of any figure)`);
finish(misses);
