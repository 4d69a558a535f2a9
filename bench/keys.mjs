#!/usr/bin/env node
// Key creation is bound by Portainer's rate limit: each new key costs two paced
// calls (log in as its owner, create the key), on one bucket per client IP
// (burst 10, one back per second, and a one-hour ban for the call that finds it
// empty). `apply` creating one key for each of K users is compared with the
// least time the limit allows for the paced calls it made. Paced in real time:
// about half a minute. Build first (`npm run build`).
import { isRateLimited, startApplyWorld, userNames } from './support/apply-world.mjs';
import { runCli } from './support/child.mjs';
import { finish, printTable, seconds } from './support/table.mjs';

const KEYS = 20;
/** Portainer's bucket (api/http/security/rate_limiter.go): 10 at once, then one a second. */
const BURST = 10;
const REFILL_MS = 1000;

const names = userNames(KEYS);
const world = await startApplyWorld({ names, existing: names, keyManaged: KEYS });
let rows;
try {
  const result = await runCli(['apply', '-f', world.manifestPath, '--auto-approve', '--secrets-out', world.secretsPath], { env: world.env, cwd: world.dir });
  const paced = world.emulator.requests.filter(isRateLimited);
  const refused = paced.filter((request) => request.status === 403 || request.status === 429);
  const created = names.filter((name) => world.emulator.findUser(name)?.apiKeys.length === 1).length;
  // The last of N paced calls cannot come before (N - burst) refills after the first.
  const floorMs = Math.max(0, paced.length - BURST) * REFILL_MS;
  rows = [
    { name: `apply: ${KEYS} keys for ${KEYS} users (wall time)`, figure: seconds(result.wallMs), target: '<= 1.15x floor', ratio: result.wallMs / floorMs, limit: 1.15 },
    { name: `floor: ${paced.length} paced calls at burst ${BURST}, 1/s`, figure: seconds(floorMs), target: '-' },
    { name: 'keys created', figure: `${created} of ${KEYS}`, target: `${KEYS}`, ratio: KEYS / Math.max(created, 1), limit: 1, exact: true },
    { name: 'rate-limited calls refused (a ban)', figure: String(refused.length), target: '0', ratio: 1 + refused.length, limit: 1, exact: true },
  ];
} finally {
  await world.close();
}
finish(printTable('key creation under the rate limit (emulator, 10 ms latency)', rows));
