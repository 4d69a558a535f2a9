import type { EarlyReads } from '../portainer/transport/early-reads.js';
import { sendPublicReads } from '../session/reach.js';
import type { Target } from '../session/target.js';
import { booleanFromEnvironment } from './environment.js';
import { positiveIntegerOf } from './positive-integer.js';

/**
 * `plan -f`'s public reads, sent before commander and the rest of the CLI
 * are loaded, so that a plan's first request leaves about as early as a bare
 * `node` could send it (`bench/startup.mjs`). Only argument shapes read here
 * without doubt qualify: `plan`, then only the options below, each value in
 * the next argument. Anything else (another command, any other option, an
 * `--option=value`, `--out`, `--fleet`, `--replace`, help, a value that looks
 * like an option, an argument commander would refuse) sends nothing here, and the
 * plan sends its reads as it always has, once commander has checked every
 * argument: a usage mistake is still said before any request. The reads go
 * where `plan` would send them (`test/cli/early-start.test.ts` holds the two
 * together); `plan.ts` takes them, and its public client claims them.
 */

/** `plan`'s options that take a value, and the global ones `plan` reads. */
const VALUE_OPTIONS: ReadonlySet<string> = new Set(['-f', '--file', '--format', '--url', '--api-key', '--username', '--password', '--setup-token', '--ca-cert', '--timeout', '--concurrency']);
/** `plan`'s options and the global ones that take none. */
const FLAGS: ReadonlySet<string> = new Set(['--json', '--detailed-exitcode', '--allow-mass-delete', '--insecure', '--no-color', '--debug']);
const FORMATS: ReadonlySet<string> = new Set(['text', 'json', 'markdown']);

/**
 * Where the reads wait for `plan.ts`: `start.cjs` (CommonJS) sends them and
 * `main.js` (ES modules) takes them, and each bundle holds its own copy of
 * this module, so they meet on the process's global object.
 */
const HANDOVER = Symbol.for('portainer-users.early-reads');
const handover = globalThis as { [HANDOVER]?: EarlyReads };

/** Sends the public reads when `args` (the arguments after `node script`) is a `plan` read without doubt. */
export function sendEarly(args: readonly string[], env: NodeJS.ProcessEnv): void {
  const target = planTargetOf(args, env);
  const reads = target && sendPublicReads(target);
  if (reads) handover[HANDOVER] = reads;
}

/** The reads `sendEarly` sent, once. */
export function takeEarlyReads(): EarlyReads | undefined {
  const reads = handover[HANDOVER];
  delete handover[HANDOVER];
  return reads;
}

/** Where `plan ARGS` would send its public reads (what `targetOf` makes of commander's options), or undefined when in doubt. */
export function planTargetOf(args: readonly string[], env: NodeJS.ProcessEnv): Target | undefined {
  if (args[0] !== 'plan') return undefined;
  const given = new Map<string, string>();
  let json = false;
  for (let index = 1; index < args.length; index += 1) {
    const option = args[index] as string;
    if (FLAGS.has(option)) {
      json ||= option === '--json';
      given.set(option, '');
      continue;
    }
    const value = args[index + 1];
    if (!VALUE_OPTIONS.has(option) || value === undefined || (value.startsWith('-') && value !== '-') || !acceptable(option, value)) return undefined;
    given.set(option === '-f' ? '--file' : option, value);
    index += 1;
  }
  const format = given.get('--format');
  if (!given.has('--file') || (json && format !== undefined && format !== 'json')) return undefined;
  const url = given.get('--url') ?? env['PORTAINER_URL'];
  const caCert = given.get('--ca-cert') ?? env['PORTAINER_CA_CERT'];
  let insecure: boolean;
  try {
    // Read whether or not --insecure is given, as the CLI reads it.
    insecure = booleanFromEnvironment('PORTAINER_INSECURE', env['PORTAINER_INSECURE']) || given.has('--insecure');
  } catch {
    // A value the variable cannot take is said once commander has read everything, before any request.
    return undefined;
  }
  const timeout = given.get('--timeout');
  return {
    ...(url !== undefined ? { url } : {}),
    ...(insecure ? { insecure: true } : {}),
    ...(caCert !== undefined ? { caCert } : {}),
    timeoutMs: timeout === undefined ? 30_000 : (positiveIntegerOf(timeout) as number),
  };
}

/** What commander's parsers accept, checked for every occurrence as commander checks them. */
function acceptable(option: string, value: string): boolean {
  if (option === '--timeout' || option === '--concurrency') return positiveIntegerOf(value) !== undefined;
  if (option === '--format') return FORMATS.has(value);
  return true;
}
