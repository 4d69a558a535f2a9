import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/portainer-users.js', import.meta.url));
const TIME = '/usr/bin/time';

/**
 * Runs `node ARGS` as a child process, without blocking this process's event
 * loop (the emulator may be serving it from here). Measures the wall time
 * from spawn to exit and, where GNU time is installed, the child's peak
 * resident memory and CPU time, user and system (from wait4's rusage, so the
 * last peak is never missed; CPU time to 10 ms, and less moved by a busy
 * machine than wall time).
 * The environment is this one minus PORTAINER_* variables, plus `env`.
 * `memory: false` runs node directly, for timings too short to share with GNU time.
 */
export function runNode(args, { env = {}, cwd, memory = true } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-child-'));
  const rssFile = join(scratch, 'rss');
  const withTime = memory && existsSync(TIME);
  const command = withTime ? TIME : process.execPath;
  const commandArgs = withTime ? ['-f', '%M %U %S', '-o', rssFile, process.execPath, ...args] : args;
  const startedMs = performance.now();
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const usage = withTime && existsSync(rssFile) ? readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : undefined;
      rmSync(scratch, { recursive: true, force: true });
      const measured = usage ? { maxRssKb: usage[0], cpuMs: (usage[1] + usage[2]) * 1000 } : {};
      resolve({ code: code ?? -1, stdout, stderr, startedMs, wallMs, ...measured });
    });
  });
}

/** Runs the built CLI; throws with its stderr when it exits with an unexpected code. */
export async function runCli(args, { env, cwd, expectCodes = [0] } = {}) {
  const result = await runNode([BIN, ...args], { env, cwd });
  if (!expectCodes.includes(result.code)) {
    throw new Error(`portainer-users ${args.join(' ')} exited ${result.code}:\n${result.stderr.slice(0, 2000)}`);
  }
  return result;
}

function childEnv(extra) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('PORTAINER_') && name !== 'NO_COLOR' && name !== 'FORCE_COLOR') env[name] = value;
  }
  return { ...env, ...extra };
}
