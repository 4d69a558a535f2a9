import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { runCli, type CliResult } from './cli.js';
import { listenOnLoopback } from './loopback.js';
import { PASSWORD_ENV, PASSWORDS } from './world.js';

/**
 * Several Portainers (emulators in this process) and a folder of files that
 * name them: `{{url:NAME}}` in a file is that emulator's URL, `{{url:closed}}`
 * a loopback port nobody listens on (an unreachable Portainer).
 */
export interface FleetWorld {
  dir: string;
  emulators: Record<string, Emulator>;
  write(files: Record<string, string>): void;
  /** The CLI in the folder, with the worlds' passwords in the environment and no PORTAINER_* of the host. */
  cli(args: string[], env?: Record<string, string>): Promise<CliResult>;
  close(): Promise<void>;
}

export async function startFleetWorld(servers: Record<string, EmulatorOptions>, files: Record<string, string>): Promise<FleetWorld> {
  const emulators: Record<string, Emulator> = {};
  for (const [name, options] of Object.entries(servers)) emulators[name] = await startEmulator({ port: 0, ...options });
  const closed = await listenOnLoopback(createServer());
  await closed.close();
  const dir = mkdtempSync(join(tmpdir(), 'pu-fleet-'));
  const urls: Record<string, string> = { closed: closed.url, ...Object.fromEntries(Object.entries(emulators).map(([name, emulator]) => [name, emulator.url])) };
  const world: FleetWorld = {
    dir,
    emulators,
    write(more) {
      for (const [name, text] of Object.entries(more)) {
        const path = join(dir, name);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text.replace(/\{\{url:([\w-]+)\}\}/g, (_, server: string) => urls[server] ?? `{{unknown server ${server}}}`));
      }
    },
    cli: (args, env = {}) => runCli(args, { cwd: dir, env: { ...PASSWORD_ENV, ...env } }),
    async close() {
      await Promise.all(Object.values(emulators).map((emulator) => emulator.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  world.write(files);
  return world;
}

/** The secrets examples/fleet references: the production sites' API keys, staging's login, the users' passwords. */
export const EXAMPLE_FLEET_SECRETS: Record<string, string> = {
  PROD_EU_API_KEY: 'ptr_example-prod-eu',
  PROD_US_API_KEY: 'ptr_example-prod-us',
  STAGING_USERNAME: 'admin',
  STAGING_PASSWORD: PASSWORDS.admin,
  ALICE_PASSWORD: PASSWORDS.alice,
  BOB_PASSWORD: PASSWORDS.bob,
  CAROL_PASSWORD: PASSWORDS.carol,
  ERIN_PASSWORD: 'erin-password-0005',
  BOB_US_PASSWORD: 'bob-us-password-06',
};

/**
 * examples/fleet as written, in `folder` of a fleet world, each target's URL
 * pointing at an emulator of its own that has the pinned instance id, the
 * admin whose API key or password the fleet file references, and (prod-eu,
 * Business Edition) the environment its overlay grants access to.
 */
export async function startExampleFleet(folder = '', only?: string[]): Promise<FleetWorld> {
  const example = fileURLToPath(new URL('../../examples/fleet/', import.meta.url));
  const files = Object.fromEntries(readdirSync(example).map((name) => [join(folder, name), readFileSync(join(example, name), 'utf8')]));
  const fleetPath = join(folder, 'fleet.yaml');
  const fleet = parse(files[fleetPath] as string) as { targets: { name: string; url: string; instanceId?: string }[] };
  const admin = (key?: string) => ({ username: 'admin', password: PASSWORDS.admin, role: 'admin' as const, apiKeys: key ? [{ description: 'ci', key }] : [] });
  const servers: Record<string, EmulatorOptions> = {
    'prod-eu': { seed: { users: [admin(EXAMPLE_FLEET_SECRETS['PROD_EU_API_KEY'])], environments: [{ name: 'production' }] }, edition: 'be' },
    'prod-us': { seed: { users: [admin(EXAMPLE_FLEET_SECRETS['PROD_US_API_KEY'])] } },
    staging: { seed: { users: [admin(), { username: 'break-glass-1', password: 'glass-password-01' }] } },
  };
  let text = files[fleetPath] as string;
  if (only) {
    // A smaller fleet: the other targets' entries are cut out of the file.
    const kept = fleet.targets.filter((target) => only.includes(target.name));
    text = text.replace(/^targets:[\s\S]*$/m, stringify({ targets: kept }));
    for (const name of Object.keys(servers)) if (!only.includes(name)) delete servers[name];
  }
  for (const target of fleet.targets) {
    text = text.replace(target.url, `{{url:${target.name}}}`);
    const server = servers[target.name];
    if (server && target.instanceId) server.instanceId = target.instanceId;
  }
  files[fleetPath] = text;
  return startFleetWorld(servers, files);
}
