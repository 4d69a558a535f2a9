#!/usr/bin/env node
// `passwords.verify` on 50 users: plan logs in as each one with its manifest
// password, one paced call each, on Portainer's one bucket per client IP
// (burst 10, one back per second). The plan's wall time is compared with the
// least time the limit allows for the paced calls it made. Five of the fifty
// passwords were changed on the server, and the plan must find exactly them.
// Paced in real time: about 45 seconds. Build first (`npm run build`).
import { appendFileSync } from 'node:fs';
import { isRateLimited, startApplyWorld, userNames } from './support/apply-world.mjs';
import { runCli } from './support/child.mjs';
import { finish, printTable, seconds } from './support/table.mjs';

const USERS = 50;
const CHANGED = 5;
const BURST = 10;
const REFILL_MS = 1000;

const names = userNames(USERS);
const world = await startApplyWorld({ names, existing: names, keyManaged: 0 });
let rows;
try {
  appendFileSync(world.manifestPath, 'passwords:\n  verify: true\n');
  // Passwords changed behind Git's back, for the first few users.
  for (const name of names.slice(0, CHANGED)) {
    world.emulator.removeUser(name);
    world.emulator.addUser({ username: name, password: 'changed-behind-gits-back' });
  }
  const result = await runCli(['plan', '-f', world.manifestPath, '--json'], { env: world.env, cwd: world.dir });
  const resets = JSON.parse(result.stdout).changes.filter((change) => change.kind === 'user-password').length;
  const paced = world.emulator.requests.filter(isRateLimited);
  const refused = paced.filter((request) => request.status === 403 || request.status === 429);
  // The last of N paced calls cannot come before (N - burst) refills after the first.
  const floorMs = Math.max(0, paced.length - BURST) * REFILL_MS;
  rows = [
    { name: `plan with passwords.verify, ${USERS} users (wall time)`, figure: seconds(result.wallMs), target: '<= 1.15x floor', ratio: result.wallMs / floorMs, limit: 1.15 },
    { name: `floor: ${paced.length} paced logins at burst ${BURST}, 1/s`, figure: seconds(floorMs), target: '-' },
    { name: 'passwords found to differ', figure: `${resets} of ${CHANGED}`, target: `${CHANGED}`, ratio: resets === CHANGED ? 1 : 2, limit: 1, exact: true },
    { name: 'rate-limited calls refused (a ban)', figure: String(refused.length), target: '0', ratio: 1 + refused.length, limit: 1, exact: true },
  ];
} finally {
  await world.close();
}
finish(printTable('password verification under the rate limit (emulator, 10 ms latency)', rows));
