import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApplyContext } from '../../src/apply/context.js';
import { SecretsSink } from '../../src/secrets-file/secrets-sink.js';
import { startEmulator, type Emulator, type EmulatorSeed } from '../../src/emulator/index.js';
import { PortainerClient, resetPacing, type ClientOptions } from '../../src/portainer/index.js';
import { Secret } from '../../src/secret.js';
import type { CliResult } from '../support/cli.js';
import { PASSWORD_ENV, PASSWORDS, type World } from '../support/world.js';

/** Fast retries for in-process clients, so a test of five retries takes milliseconds. */
export const QUICK_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };

export interface ApplyBench {
  emulator: Emulator;
  dir: string;
  secretsPath: string;
  /** A fresh ApplyContext acting as the seeded admin, with ids from the server. */
  context(options?: Partial<ClientOptions>): ApplyContext;
  readSecrets(): { users: Record<string, Record<string, string>>; pending?: Record<string, Record<string, { keysBefore: number[] }>> };
  close(): Promise<void>;
}

const passwords: Record<string, string> = { ...PASSWORDS, dave: 'dave-password-0005', erin: 'erin-password-0006' };

/** An emulator and a secrets file, for driving `applyChanges` in-process. */
export async function startApplyBench(seed: EmulatorSeed): Promise<ApplyBench> {
  const emulator = await startEmulator({ port: 0, seed });
  const dir = mkdtempSync(join(tmpdir(), 'pu-reliability-'));
  const secretsPath = join(dir, 'secrets.json');
  return {
    emulator,
    dir,
    secretsPath,
    context(options = {}) {
      const base = { url: emulator.url, retry: QUICK_RETRY, ...options };
      return {
        client: new PortainerClient({ ...base, auth: { kind: 'password', username: 'admin', password: new Secret(PASSWORDS.admin) } }),
        publicClient: new PortainerClient({ ...base, auth: { kind: 'none' } }),
        passwordOf: (username) => new Secret(passwords[username.toLowerCase()] ?? `${username}-password-long`),
        userIds: new Map(emulator.listUsers().map((user) => [user.username, user.id])),
        teamIds: new Map(),
        clientLogsInAs: 'admin',
        secrets: new SecretsSink(secretsPath),
        authentication: { method: 'internal', teamSync: false },
        notes: [],
      };
    },
    readSecrets: () => JSON.parse(readFileSync(secretsPath, 'utf8')),
    async close() {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
      resetPacing();
    },
  };
}

const BIN = fileURLToPath(new URL('../../bin/portainer-users.js', import.meta.url));

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  /** Resolves once stdout matches. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<CliResult>;
}

/** The CLI against a world, like `world.cli`, but with the process in hand (to signal it). */
export function spawnCli(world: World, args: string[], env: Record<string, string> = {}): RunningCli {
  const fullEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('PORTAINER_') && name !== 'NO_COLOR' && name !== 'FORCE_COLOR') fullEnv[name] = value;
  }
  Object.assign(fullEnv, PASSWORD_ENV, { PORTAINER_URL: world.emulator.url }, env);
  const child = spawn(process.execPath, [BIN, ...args], { cwd: world.dir, env: fullEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const watchers: Array<() => void> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const watcher of watchers) watcher();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end();
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
  return {
    child,
    stdout: () => stdout,
    waitForOutput(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} in stdout within ${timeoutMs} ms:\n${stdout}\n${stderr}`)), timeoutMs);
        const check = () => {
          if (pattern.test(stdout)) {
            clearTimeout(timer);
            resolve();
          }
        };
        watchers.push(check);
        check();
      });
    },
    done,
  };
}
