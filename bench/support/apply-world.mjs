import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../dist/emulator/index.js';
import { forgetPacingOf } from '../../dist/portainer/pacing/pacing-registry.js';
import { ADMIN_PASSWORD, USER_PASSWORD, planManifest } from './world.mjs';

/**
 * A server and a manifest for `apply`: the server has the admin and the
 * `existing` users (without keys), the manifest lists `names` (each with a
 * password) and asks for one key for the first `keyManaged` of them.
 */
export async function startApplyWorld({ names, existing, keyManaged, latencyMs = 10 }) {
  const seedUsers = [{ username: 'admin', password: ADMIN_PASSWORD, role: 'admin' }, ...existing.map((username) => ({ username, password: USER_PASSWORD }))];
  const emulator = await startEmulator({ port: 0, latencyMs, seed: { users: seedUsers } });
  const dir = mkdtempSync(join(tmpdir(), 'bench-apply-'));
  const manifestPath = join(dir, 'users.yaml');
  writeFileSync(manifestPath, planManifest(names, keyManaged, { withPasswords: true }));
  return {
    emulator,
    dir,
    manifestPath,
    secretsPath: join(dir, 'secrets.json'),
    env: { PORTAINER_URL: emulator.url, BENCH_ADMIN_PASSWORD: ADMIN_PASSWORD, BENCH_USER_PASSWORD: USER_PASSWORD },
    async close() {
      await emulator.close();
      // The CLI remembers the rate-limit bucket per server in a file; this server is gone.
      await forgetPacingOf(emulator.url);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Portainer's rate-limited routes: they share one bucket per client IP. */
export function isRateLimited(request) {
  return (
    (request.method === 'POST' && request.path === '/api/auth') ||
    (request.method === 'POST' && /^\/api\/users\/\d+\/tokens$/.test(request.path)) ||
    (request.method === 'PUT' && /^\/api\/users\/\d+\/passwd$/.test(request.path))
  );
}

export function userNames(count, prefix = 'user') {
  return Array.from({ length: count }, (_, index) => `${prefix}-${String(index).padStart(5, '0')}`);
}
