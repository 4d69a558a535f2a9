import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions, type EmulatorSeed } from '../../src/emulator/index.js';
import { runCli, type CliResult } from './cli.js';

/** Passwords the worlds use; long enough for Portainer's default minimum of 12. */
export const PASSWORDS = {
  admin: 'admin-password-0001',
  alice: 'alice-password-0002',
  bob: 'bob-password-00003',
  carol: 'carol-password-0004',
} as const;

export const PASSWORD_ENV: Record<string, string> = {
  PORTAINER_ADMIN_PASSWORD: PASSWORDS.admin,
  ALICE_PASSWORD: PASSWORDS.alice,
  BOB_PASSWORD: PASSWORDS.bob,
  CAROL_PASSWORD: PASSWORDS.carol,
};

/** An admin's credentials and nothing else (export has no manifest to take passwords from). */
export const ADMIN_LOGIN = { PORTAINER_USERNAME: 'admin', PORTAINER_PASSWORD: PASSWORDS.admin };
/** No manifest password in the environment: e.g. a fresh export's plan must not need one. */
export const NO_PASSWORDS = { PORTAINER_ADMIN_PASSWORD: '', ALICE_PASSWORD: '', BOB_PASSWORD: '', CAROL_PASSWORD: '' };

export interface World {
  emulator: Emulator;
  dir: string;
  manifestPath: string;
  secretsPath: string;
  /** Rewrites the manifest. */
  writeManifest(yaml: string): void;
  /** Runs the CLI against this world's emulator with the passwords in the environment. */
  cli(args: string[], env?: Record<string, string>): Promise<CliResult>;
  close(): Promise<void>;
}

export async function startWorld(manifest: string, options: EmulatorOptions = {}): Promise<World> {
  const emulator = await startEmulator({ port: 0, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'pu-e2e-'));
  const manifestPath = join(dir, 'users.yaml');
  const world: World = {
    emulator,
    dir,
    manifestPath,
    secretsPath: join(dir, 'secrets.json'),
    writeManifest: (yaml) => writeFileSync(manifestPath, yaml),
    cli: (args, env = {}) =>
      runCli(args, { cwd: dir, env: { ...PASSWORD_ENV, PORTAINER_URL: emulator.url, ...env } }),
    async close() {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  world.writeManifest(manifest);
  return world;
}

/**
 * One world per test, closed after it: `const open = worldPerTest();` at the top of a file, then
 * `const w = await open(yaml, seed)` in a test.
 */
export function worldPerTest(): (manifest: string, seed: EmulatorSeed) => Promise<World> {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });
  return async (manifest, seed) => (world = await startWorld(manifest, { seed }));
}

/** Requests that change the server (anything but GET, and not the logins). */
export function mutatingRequests(emulator: Emulator) {
  return emulator.requests.filter((r) => r.method !== 'GET' && r.path !== '/api/auth');
}

export function countWhere(emulator: Emulator, method: string, pattern: RegExp): number {
  return emulator.requests.filter((r) => r.method === method && pattern.test(r.path)).length;
}
