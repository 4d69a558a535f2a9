import { readFile } from 'node:fs/promises';
import { parseSeed, parseTrustedOrigin, parseTrustedProxies, startEmulator, type EmulatorOptions, type RecordedRequest } from '../../emulator/index.js';
import { UserFacingError } from '../../user-message.js';
import { writeOut } from '../output.js';
import type { GlobalOptions } from '../global-options.js';

/** A wrong emulator option or an address it cannot listen on: said like every command's errors. */
class EmulatorError extends UserFacingError {}

interface EmulatorCommandOptions {
  port?: string;
  host?: string;
  seed?: string;
  minPasswordLength?: string;
  initTimeout?: string;
  latency?: string;
  requireSetupToken?: string;
  quiet?: boolean;
  auth?: 'internal' | 'ldap' | 'oauth';
  teamSync?: boolean;
  edition?: 'ce' | 'be';
  trustedProxies?: string;
  trustedOrigins?: string;
  csp?: boolean;
  instanceId?: string;
}

/**
 * `portainer-users emulator`: serve until SIGINT or SIGTERM, then close
 * cleanly; a line per request unless `--quiet`.
 */
export async function run(options: Record<string, unknown>, _globals: GlobalOptions): Promise<number> {
  const commandOptions = options as EmulatorCommandOptions;
  const emulatorOptions = await optionsFrom(commandOptions);
  if (!commandOptions.quiet) emulatorOptions.onRequest = logRequest;
  let emulator;
  try {
    emulator = await startEmulator(emulatorOptions);
  } catch (error) {
    throw new EmulatorError(`cannot listen on ${emulatorOptions.host}:${emulatorOptions.port}: ${listenFailure(error)}`);
  }
  writeOut(`Portainer emulator listening on ${emulator.url}`);
  writeOut(`To use it: export PORTAINER_URL=${emulator.url}`);
  // Portainer logs its setup token at start; it opens admin init, it is no user's secret.
  if (emulatorOptions.setupToken !== undefined) writeOut(`setup_token=${emulatorOptions.setupToken}`);
  await untilStopSignal();
  await emulator.close();
  return 0;
}

function logRequest(request: RecordedRequest, ms: number): void {
  writeOut(`${request.method} ${request.path} ${request.status === 0 ? 'dropped' : request.status} ${ms} ms`);
}

function listenFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return 'the port is in use (give --port 0 for a free one)';
  if (code === 'EACCES') return 'permission denied (ports below 1024 need privileges)';
  if (code === 'EADDRNOTAVAIL') return 'no such address on this machine';
  return code ?? (error as Error).message;
}

async function optionsFrom(options: EmulatorCommandOptions): Promise<EmulatorOptions> {
  const result: EmulatorOptions = {
    port: wholeNumber(options.port ?? '9000', '--port'),
    host: options.host ?? '127.0.0.1',
    minPasswordLength: wholeNumber(options.minPasswordLength ?? '12', '--min-password-length'),
    initTimeoutMs: durationMs(options.initTimeout ?? '5m', '--init-timeout'),
    latencyMs: wholeNumber(options.latency ?? '0', '--latency'),
  };
  if (result.port !== undefined && result.port > 65535) throw new EmulatorError(`--port must be at most 65535, got ${result.port}`);
  if (options.requireSetupToken !== undefined) result.setupToken = options.requireSetupToken;
  if (options.auth !== undefined) result.authentication = options.auth;
  if (options.teamSync) result.teamSync = true;
  if (options.edition !== undefined) result.edition = options.edition;
  if (options.trustedProxies !== undefined) result.trustedProxies = checkedList(options.trustedProxies, '--trusted-proxies', (entries) => parseTrustedProxies(entries));
  if (options.trustedOrigins !== undefined) result.trustedOrigins = checkedList(options.trustedOrigins, '--trusted-origins', (entries) => entries.forEach(parseTrustedOrigin));
  if (options.csp === false) result.csp = false;
  if (options.seed !== undefined) result.seed = await readSeed(options.seed);
  if (options.instanceId !== undefined) {
    if (options.instanceId.trim() === '') throw new EmulatorError('--instance-id must not be empty');
    result.instanceId = options.instanceId;
  }
  return result;
}

/** A comma-separated list, each entry checked as the emulator will read it. */
function checkedList(value: string, option: string, check: (entries: string[]) => unknown): string[] {
  const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  try {
    check(entries);
  } catch (error) {
    throw new EmulatorError(`${option}: ${(error as Error).message}`);
  }
  return entries;
}

async function readSeed(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new EmulatorError(`cannot read the seed file ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : ((error as NodeJS.ErrnoException).code ?? (error as Error).message)}`);
  }
  try {
    return parseSeed(text);
  } catch (error) {
    throw new EmulatorError(`${file}: ${(error as Error).message}`);
  }
}

/** A count of something: a whole number, and never below zero. */
function wholeNumber(value: string, option: string): number {
  if (!/^[+-]?\d+$/.test(value.trim())) throw new EmulatorError(`${option} must be a whole number, got "${value}"`);
  const number = Number(value);
  if (number < 0) throw new EmulatorError(`${option} must be zero or more, got ${number}`);
  return number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `5m`, `30s`, `1h`, `250ms`, or plain milliseconds. */
function durationMs(value: string, option: string): number {
  const match = /^([+-]?)(\d+)(ms|s|m|h)?$/.exec(value.trim());
  if (match === null) throw new EmulatorError(`${option} must be a duration like 5m, 30s, 1h or plain milliseconds, got "${value}"`);
  const ms = Number(match[2]) * (UNIT_MS[match[3] ?? 'ms'] ?? 1);
  if (match[1] === '-' && ms > 0) throw new EmulatorError(`${option} must be zero or more, got ${value.trim()}`);
  return ms;
}

function untilStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
