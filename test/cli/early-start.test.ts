import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { planTargetOf } from '../../src/cli/early-start.js';
import { refuseFleetOptions } from '../../src/cli/fleet-flags.js';
import { formatOf } from '../../src/cli/format-option.js';
import type { GlobalOptions } from '../../src/cli/global-options.js';
import { buildProgram } from '../../src/cli/program.js';
import { targetOf } from '../../src/cli/target.js';

/**
 * The early start reads `plan`'s arguments without commander, to send the
 * public reads before commander loads. Whenever it sends them, commander must
 * take the same arguments without a usage error, `plan` must get past its own
 * checks, and the reads must go where `plan` would send them.
 */

/** What `plan`'s module is handed once commander has read the arguments. */
const handed: { options?: Record<string, unknown>; globals?: GlobalOptions } = {};
vi.mock('../../src/cli/commands/plan.js', () => ({
  run: async (options: Record<string, unknown>, globals: GlobalOptions) => {
    handed.options = options;
    handed.globals = globals;
    return 0;
  },
}));

const ENV_NAMES = ['PORTAINER_URL', 'PORTAINER_CA_CERT', 'PORTAINER_INSECURE'] as const;
afterEach(() => {
  for (const name of ENV_NAMES) delete process.env[name];
});

/** Mostly arguments `plan` takes, sometimes one it does not, or one the early start leaves to commander. */
const value = fc.constantFrom('users.yaml', '-', '', 'http://127.0.0.1:9000', 'https://p.example:9443/api', 'ca.pem', '5000', '0', '-1', '12abc', ' 7', 'json', 'text', 'markdown', 'yaml', '--url', '-f', 'ptr_key');
const valueOption = fc.constantFrom('-f', '--file', '--format', '--url', '--api-key', '--username', '--password', '--setup-token', '--ca-cert', '--timeout', '--concurrency');
const elsewhere = fc.constantFrom('--out', '--replace', '--fleet', '--target', '--parallel', '--help', '-h', '--version', '--', '-', '--color', '--bogus', 'extra', '--url=http://127.0.0.1:9000', '-fusers.yaml');
const flag = fc.constantFrom('--json', '--detailed-exitcode', '--allow-mass-delete', '--insecure', '--no-color', '--debug');
const token = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(valueOption, value) },
  { weight: 3, arbitrary: flag.map((given) => [given]) },
  { weight: 1, arbitrary: fc.tuple(elsewhere, value) },
  { weight: 1, arbitrary: fc.oneof(valueOption, elsewhere).map((given) => [given]) },
);
const argv = fc
  .tuple(fc.boolean(), fc.array(token, { maxLength: 6 }))
  .map(([withFile, tokens]) => ['plan', ...(withFile ? ['-f', 'users.yaml'] : []), ...tokens.flat()]);
const env = fc.record(
  { PORTAINER_URL: fc.constantFrom('http://127.0.0.1:9001', ''), PORTAINER_CA_CERT: fc.constant('env-ca.pem'), PORTAINER_INSECURE: fc.constantFrom('1', 'true', 'YES', ' on ', '0', 'off', '', 'y') },
  { requiredKeys: [] },
);

/** Runs commander over `args` with `env`; what `plan` was handed, or undefined when commander refused them or `plan` was not run. */
async function commanderOf(args: string[], given: Record<string, string>) {
  Object.assign(process.env, given);
  delete handed.options;
  delete handed.globals;
  const program = buildProgram('0.0.0');
  const silent = { writeOut: () => undefined, writeErr: () => undefined, outputError: () => undefined };
  for (const command of [program, ...program.commands]) command.configureOutput(silent);
  try {
    await program.parseAsync(['node', 'portainer-users', ...args]);
  } catch {
    return undefined;
  }
  return handed.options && handed.globals ? { options: handed.options, globals: handed.globals } : undefined;
}

describe("plan's arguments read before commander", () => {
  it('send the public reads only where commander and plan take the arguments, and to the same place', async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(argv, env, async (args, given) => {
        const early = planTargetOf(args, given);
        const parsed = await commanderOf(args, given);
        for (const name of ENV_NAMES) delete process.env[name];
        if (!early) return;
        sent += 1;
        expect(parsed).toBeDefined();
        const { options, globals } = parsed!;
        expect(() => formatOf(options as { json?: boolean; format?: string }, 'text', 'plan')).not.toThrow();
        expect(() => refuseFleetOptions(options, 'plan')).not.toThrow();
        expect(options).toMatchObject({ file: expect.any(Array) });
        expect(options['fleet']).toBeUndefined();
        expect(options['out']).toBeUndefined();
        // --replace is checked against the manifest before the server is read at all.
        expect(options['replace']).toBeUndefined();
        const target = targetOf(globals);
        expect(early).toEqual({
          ...(target.url !== undefined ? { url: target.url } : {}),
          ...(target.insecure ? { insecure: true } : {}),
          ...(target.caCert !== undefined ? { caCert: target.caCert } : {}),
          timeoutMs: target.timeoutMs,
        });
      }),
      { numRuns: 500 },
    );
    // The property says something only if the early start sent often enough.
    expect(sent).toBeGreaterThan(50);
  });

  it('send nothing for another command, or for help', () => {
    expect(planTargetOf(['drift', '-f', 'users.yaml'], {})).toBeUndefined();
    expect(planTargetOf(['plan', '-f', 'users.yaml', '--help'], {})).toBeUndefined();
    expect(planTargetOf(['plan', '-f', 'users.yaml', '--url', 'http://127.0.0.1:9000'], {})).toEqual({ url: 'http://127.0.0.1:9000', timeoutMs: 30_000 });
  });
});
