import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/portainer-users.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
  input?: string;
}

/** Runs the built CLI as a user would, with a clean environment (no PORTAINER_* leaks in from the host). */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return runCommand(process.execPath, [BIN, ...args], options);
}

/**
 * Runs a program with the host's environment minus PORTAINER_*, colour
 * settings and what an outer npm (`npm test`) exports to its scripts
 * (npm_*: an inherited npm_config_prefix would send a test's npm elsewhere),
 * plus `options.env`.
 */
export function runCommand(program: string, args: string[], options: CliOptions = {}): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(PORTAINER_|npm_)/i.test(name) && name !== 'NO_COLOR' && name !== 'FORCE_COLOR') env[name] = value;
  }
  Object.assign(env, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      // "(unexpected ...)" is said only of a defect: no test's input may ever produce it.
      if (/\(unexpected\b/.test(stderr)) reject(new Error(`the CLI called something unexpected: ${stderr.slice(0, 500)}`));
      else resolve({ code: code ?? -1, stdout, stderr });
    });
    // A program that exits without reading its input closes the pipe first: that is no error of the test's.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => error.code !== 'EPIPE' && reject(error));
    child.stdin.end(options.input ?? '');
  });
}
