import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../dist/emulator/index.js';

export const ADMIN_PASSWORD = 'bench-admin-password-01';
export const USER_PASSWORD = 'bench-user-password-001';

/**
 * A server in the state a manifest describes, so `plan` finds no changes and
 * measures observation alone: `users` standard users besides the admin, the
 * first `keyManaged` of them with one key the manifest manages. The emulator
 * runs in this process and is seeded directly (no HTTP, no rate limit).
 */
export async function startPlanWorld({ users, keyManaged, latencyMs = 10 }) {
  const names = Array.from({ length: users }, (_, index) => `user-${String(index).padStart(5, '0')}`);
  const seedUsers = [
    { username: 'admin', password: ADMIN_PASSWORD, role: 'admin' },
    ...names.map((username, index) => ({
      username,
      password: USER_PASSWORD,
      ...(index < keyManaged ? { apiKeys: [{ description: 'deploy' }] } : {}),
    })),
  ];
  const seeding = process.hrtime.bigint();
  const emulator = await startEmulator({ port: 0, latencyMs, seed: { users: seedUsers } });
  const seedMs = Number(process.hrtime.bigint() - seeding) / 1e6;
  stampArrivals(emulator.requests);
  const dir = mkdtempSync(join(tmpdir(), 'bench-world-'));
  const manifestPath = join(dir, 'users.yaml');
  writeFileSync(manifestPath, planManifest(names, keyManaged));
  return {
    emulator,
    dir,
    manifestPath,
    seedMs,
    env: { PORTAINER_URL: emulator.url, BENCH_ADMIN_PASSWORD: ADMIN_PASSWORD, BENCH_USER_PASSWORD: USER_PASSWORD },
    async close() {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The manifest for such a world: the admin logs in with its password; key-managed users name their key. */
export function planManifest(names, keyManaged, { withPasswords = false } = {}) {
  const lines = ['version: 1', 'admin:', '  username: admin', '  password: { env: BENCH_ADMIN_PASSWORD }', 'users:'];
  names.forEach((username, index) => {
    lines.push(`  - username: ${username}`);
    if (withPasswords) lines.push('    password: { env: BENCH_USER_PASSWORD }');
    if (index < keyManaged) lines.push('    apiKeys:', '      - description: deploy');
  });
  return `${lines.join('\n')}\n`;
}

/** The requests the server saw after the tool's own login (its first `POST /api/auth`). */
export function requestsAfterAuth(emulator) {
  const login = emulator.requests.findIndex((request) => request.method === 'POST' && request.path === '/api/auth');
  return login === -1 ? emulator.requests : emulator.requests.slice(login + 1);
}

/**
 * The emulator logs each request but not when it came; a timestamp on each
 * entry (ms on this process's clock) shows where a run spends its time.
 */
function stampArrivals(requests) {
  requests.push = function push(...entries) {
    for (const entry of entries) entry.atMs = performance.now();
    return Array.prototype.push.apply(this, entries);
  };
}

/**
 * Where a run's time went, from the request log: start-up and manifest
 * (spawn to first request), login, the user list, the key lists, and the
 * planning and printing after the last answer. `startedMs` is when it was spawned.
 */
export function phasesOf(emulator, startedMs, wallMs) {
  const requests = emulator.requests;
  const at = (index) => (requests[index]?.atMs ?? startedMs) - startedMs;
  const users = requests.findIndex((request) => request.method === 'GET' && request.path === '/api/users');
  const last = requests.length - 1;
  return {
    beforeFirstRequest: at(0),
    untilUserList: at(users) - at(0),
    userListToFirstKeyList: users < last ? at(users + 1) - at(users) : 0,
    keyLists: users < last ? at(last) - at(users + 1) : 0,
    afterLastRequest: wallMs - at(last),
  };
}
