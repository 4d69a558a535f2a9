import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { runCli, type CliResult } from './cli.js';
import { listenOnLoopback } from './loopback.js';
import { PASSWORD_ENV } from './world.js';

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
