#!/usr/bin/env node
// Apply throughput for independent user creates (not rate-limited on
// Portainer): `apply` creating N users, next to a bare fetch loop making the
// same requests at a bounded concurrency. No figure is set for it in the
// issue; the ratio shows what concurrency would gain. Build first (`npm run build`).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApplyWorld, userNames } from './support/apply-world.mjs';
import { runCli, runNode } from './support/child.mjs';
import { finish, ms, printTable } from './support/table.mjs';

const CREATES = 300;
const CONCURRENCY = 8;
const LATENCY_MS = 10;
const FLOOR = fileURLToPath(new URL('./support/create-floor.mjs', import.meta.url));
const names = userNames(CREATES, 'new');

const cli = await onFreshWorld(async (world) => {
  const result = await runCli(['apply', '-f', world.manifestPath, '--auto-approve', '--concurrency', String(CONCURRENCY)], { env: world.env, cwd: world.dir });
  const created = names.filter((name) => world.emulator.findUser(name) !== undefined).length;
  if (created !== CREATES) throw new Error(`apply created ${created} of ${CREATES} users`);
  return result.wallMs;
});
const floor = await onFreshWorld(async (world) => {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-floor-'));
  try {
    const namesFile = join(scratch, 'names.json');
    writeFileSync(namesFile, JSON.stringify(names));
    const result = await runNode([FLOOR, world.emulator.url, String(CONCURRENCY), namesFile], { env: world.env });
    if (result.code !== 0) throw new Error(`the create floor failed: ${result.stderr.slice(0, 1000)}`);
    return result.wallMs;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

const rows = [
  { name: `apply: create ${CREATES} users (wall time)`, figure: `${ms(cli)} (${Math.round((CREATES / cli) * 1000)}/s)`, target: 'bounded concurrency', ratio: cli / floor },
  { name: `floor: bare fetch loop, concurrency ${CONCURRENCY}`, figure: `${ms(floor)} (${Math.round((CREATES / floor) * 1000)}/s)`, target: '-' },
];
finish(printTable(`apply throughput for user creates (emulator, ${LATENCY_MS} ms latency)`, rows));

async function onFreshWorld(measure) {
  const world = await startApplyWorld({ names, existing: [], keyManaged: 0, latencyMs: LATENCY_MS });
  try {
    return await measure(world);
  } finally {
    await world.close();
  }
}
