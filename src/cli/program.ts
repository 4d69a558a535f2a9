import { Command, Help, InvalidArgumentError, Option } from 'commander';
import type { GlobalOptions } from './global-options.js';
import { booleanFromEnvironment } from './environment.js';
import { DEFAULT_PARALLEL } from './fleet-flags.js';
import { writeErr } from './output.js';
import { positiveIntegerOf } from './positive-integer.js';

/**
 * The command-line contract of design.md. Each command's module is imported
 * only when that command runs, so `--help` and `--version` stay fast.
 */

const NAME = 'portainer-users';

/** `-f a -f b`: every manifest, in order. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `--target a,b --target c`: every name, in order. */
function names(value: string, previous: string[] | undefined): string[] {
  const given = value.split(',').map((name) => name.trim());
  if (given.some((name) => name === '')) throw new InvalidArgumentError('expected target names separated by commas, e.g. prod-eu,staging.');
  return [...(previous ?? []), ...given];
}

function positiveInteger(value: string): number {
  const parsed = positiveIntegerOf(value);
  if (parsed === undefined) throw new InvalidArgumentError('expected a whole number greater than 0.');
  return parsed;
}

/** The options that say where Portainer is and who the tool is there: read by plan, apply, drift, export and audit only. */
const CONNECTION_OPTIONS = ['url', 'apiKey', 'username', 'password', 'setupToken', 'insecure', 'caCert', 'timeout', 'concurrency'];
const OFFLINE_COMMANDS = new Set(['validate', 'schema', 'emulator', 'targets']);
const MANIFEST_HELP = "the manifest ('-' reads it from stdin); repeat it to layer several files, later ones overriding earlier ones";

function addGlobalOptions(program: Command): void {
  program
    .addOption(new Option('--url <url>', 'Portainer base URL, e.g. https://portainer.example:9443').env('PORTAINER_URL'))
    .addOption(new Option('--api-key <key>', "authenticate with an administrator's API key (X-API-Key)").env('PORTAINER_API_KEY'))
    .addOption(new Option('--username <name>', 'authenticate as this user, with a JWT from POST /api/auth').env('PORTAINER_USERNAME'))
    .addOption(new Option('--password <password>', 'password for --username').env('PORTAINER_PASSWORD'))
    .addOption(new Option('--setup-token <token>', 'setup token newer Portainers require for admin init').env('PORTAINER_SETUP_TOKEN'))
    .addOption(new Option('--insecure', 'skip TLS verification (PORTAINER_INSECURE=1)'))
    .addOption(new Option('--ca-cert <file>', 'trust this CA bundle (PEM)').env('PORTAINER_CA_CERT'))
    .addOption(new Option('--timeout <ms>', 'per-request timeout in milliseconds').argParser(positiveInteger).default(30_000))
    .addOption(new Option('--concurrency <n>', 'parallel reads, user creates and membership changes').argParser(positiveInteger).default(8))
    .addOption(new Option('--no-color', 'plain output (colour only on a TTY by default; NO_COLOR too)'))
    .addOption(new Option('--debug', 'show stack traces and log requests (secrets redacted)'));
}

// Each command declares the options it reads; commander has already checked them against its definition.
type CommandModule = { run(options: never, globals: GlobalOptions, args: string[]): Promise<number> };

/** Runs a command's module, loaded on demand, and records its exit code. */
function lazy(load: () => Promise<CommandModule>) {
  return async function (this: Command, ...params: unknown[]): Promise<void> {
    const command = params[params.length - 1] as Command;
    const args = params.slice(0, -2).filter((p): p is string => typeof p === 'string');
    const globals = command.optsWithGlobals() as GlobalOptions & Record<string, unknown>;
    globals.typed = ['url', 'apiKey', 'username', 'password'].filter((name) => command.getOptionValueSourceWithGlobals(name) === 'cli');
    if (!OFFLINE_COMMANDS.has(command.name())) readConnectionEnvironment(command, globals);
    const module = await load();
    process.exitCode = await module.run(command.opts() as never, globals, args);
  };
}

/** What the connection options' environment adds: PORTAINER_INSECURE, and which settings came from a variable, for sentences that name them. */
function readConnectionEnvironment(command: Command, globals: GlobalOptions): void {
  if (booleanFromEnvironment('PORTAINER_INSECURE', process.env['PORTAINER_INSECURE'])) globals.insecure = true;
  const fromEnvironment = (name: string) => command.getOptionValueSourceWithGlobals(name) === 'env';
  globals.givenAs = {
    url: fromEnvironment('url') ? 'PORTAINER_URL' : '--url',
    apiKey: fromEnvironment('apiKey') ? 'PORTAINER_API_KEY' : '--api-key',
    caCert: fromEnvironment('caCert') ? 'PORTAINER_CA_CERT' : '--ca-cert',
    insecure: globals.insecure && command.getOptionValueSourceWithGlobals('insecure') !== 'cli' ? 'PORTAINER_INSECURE' : '--insecure',
  };
}

/**
 * A usage error is one line, with commander's "did you mean" folded into it,
 * and a pointer to the command's help, never the whole help.
 */
function usageErrorsOf(command: Command, path: string): Command {
  return command
    .showHelpAfterError(`Run '${path} --help' for usage.`)
    .configureOutput({
      outputError: (text) => writeErr(`Error: ${text.trim().replace(/^error: /, '').replace(/\n\(Did you mean (.*)\?\)$/, ' (did you mean $1?)')}`),
    });
}

/** Help shows, besides a command's own options, only the global options that command reads. */
const helpConfiguration = {
  showGlobalOptions: true,
  visibleGlobalOptions(this: Help, command: Command) {
    const options = Help.prototype.visibleGlobalOptions.call(this, command);
    if (!OFFLINE_COMMANDS.has(command.name())) return options;
    return options.filter((option) => !CONNECTION_OPTIONS.includes(option.attributeName()) && option.attributeName() !== 'color');
  },
};

function subcommand(program: Command, name: string): Command {
  return usageErrorsOf(program.command(name), `${NAME} ${name}`);
}

export function buildProgram(version: string): Command {
  const program = usageErrorsOf(new Command(NAME), NAME)
    .description('Declarative management of Portainer users, roles, API keys, teams and environment access')
    .version(version)
    .exitOverride()
    .configureHelp(helpConfiguration);
  addGlobalOptions(program);

  subcommand(program, 'validate')
    .description('check the manifest offline: no network, no secret needed (an unset one is a warning)')
    .requiredOption('-f, --file <manifest>', MANIFEST_HELP, collect)
    .option('--strict', 'treat warnings as errors (exit 1)')
    .addOption(new Option('--format <format>', 'how to print the problems: github prints workflow annotations').choices(['text', 'json', 'github']).default('text'))
    .action(lazy(() => import('./commands/validate.js')));

  subcommand(program, 'schema')
    .description("print the manifest's JSON Schema (with --fleet, the fleet file's)")
    .option('--fleet', "print the fleet file's JSON Schema instead")
    .action(lazy(() => import('./commands/schema.js')));

  subcommand(program, 'plan')
    .description('observe the server, compute and print the plan of user, key, team and access changes')
    .option('-f, --file <manifest>', MANIFEST_HELP, collect)
    .option('--fleet <file>', "plan every target of a fleet file (each its own URL, credentials and manifests)")
    .option('--target <names>', 'with --fleet: only these targets (comma-separated, repeatable)', names)
    .option('--parallel <n>', `with --fleet: plan this many targets at once (default ${DEFAULT_PARALLEL})`, positiveInteger)
    .option('--out <planfile>', 'save the plan (no secret in it) for `apply PLANFILE`; with --fleet a folder, one DIR/<target>.json each')
    .option('--json', 'print the plan object as JSON (the same as --format json)')
    .addOption(new Option('--format <format>', 'how to print the plan: markdown suits a PR comment (default: text)').choices(['text', 'json', 'markdown']))
    .option('--detailed-exitcode', 'exit 0 with no changes, 2 with changes, 1 on error')
    .option('--allow-mass-delete', 'allow more deletes than prune.maxDeletes')
    .option('--replace <address>', 'replace this API key now, whatever its age (repeatable), e.g. user.alice.apiKey[deploy]', collect)
    .action(lazy(() => import('./commands/plan.js')));

  subcommand(program, 'apply')
    .description('plan and apply a manifest, or apply a saved plan')
    .argument('[planfile]', 'a plan saved by `plan --out`')
    .option('-f, --file <manifest>', MANIFEST_HELP, collect)
    .option('--fleet <file>', 'apply one target of a fleet file: give it with --target NAME')
    .option('--target <name>', 'with --fleet: the target to apply', names)
    .option('--auto-approve', 'apply without asking (required without a TTY)')
    .option('--secrets-out <file>', 'write created API keys here (JSON, mode 0600, merged)')
    .option('--expect-digest <digest>', "apply only if the fresh plan's changesDigest is this reviewed one (sha256:...)")
    .option('--allow-mass-delete', 'allow more deletes than prune.maxDeletes')
    .option('--replace <address>', 'with -f: replace this API key now, whatever its age (repeatable), e.g. user.alice.apiKey[deploy]', collect)
    .option('--lock-timeout <duration>', 'wait this long (e.g. 30s, 5m) for another apply to the same Portainer on this machine to finish (default: fail at once)')
    .action(lazy(() => import('./commands/apply.js')));

  subcommand(program, 'drift')
    .description('report drift between manifest and server, including unmanaged users and teams')
    .option('-f, --file <manifest>', MANIFEST_HELP, collect)
    .option('--fleet <file>', 'check every target of a fleet file')
    .option('--target <names>', 'with --fleet: only these targets (comma-separated, repeatable)', names)
    .option('--parallel <n>', `with --fleet: check this many targets at once (default ${DEFAULT_PARALLEL})`, positiveInteger)
    .addOption(new Option('--format <format>', 'report format; patch prints a unified diff of the manifest that accepts the drift (default: text)').choices(['text', 'json', 'markdown', 'patch']))
    .option('--json', 'print the report as JSON (the same as --format json)')
    .option('--output <file>', 'write the report to a file (the verdict still goes to stdout)')
    .option('--write', 'accept the drift: edit the manifest in place (atomically) and print what changed')
    .option('--fail-on-unmanaged', 'exit 2 when the server has users or teams the manifest does not list, even with prune off')
    .action(lazy(() => import('./commands/drift.js')));

  subcommand(program, 'targets')
    .description('list the targets of a fleet file: name, URL, manifests (--json: an array for a CI matrix)')
    .requiredOption('--fleet <file>', 'the fleet file')
    .option('--json', 'print a JSON array of { name, url, manifests }')
    .action(lazy(() => import('./commands/targets.js')));

  subcommand(program, 'export')
    .description("write a manifest of the server's current users, keys, teams and environment access")
    .option('--output <file>', 'write the manifest to a file (default: stdout)')
    .option('--empty-key-lists', 'write `apiKeys: []` for standard users without keys (so plan deletes keys made later); by default their entries have no apiKeys')
    .action(lazy(() => import('./commands/export.js')));

  subcommand(program, 'audit')
    .description('review who can reach which environment, how, and with which keys; changes nothing')
    .option('-f, --file <manifest>', "take the target's credentials from this manifest's admin block ('-' reads it from stdin); repeat it to layer several files", collect)
    .option('--fleet <file>', 'review every target of a fleet file in one report (each its own URL and credentials)')
    .option('--target <names>', 'with --fleet: only these targets (comma-separated, repeatable)', names)
    .option('--parallel <n>', `with --fleet: review this many targets at once (default ${DEFAULT_PARALLEL})`, positiveInteger)
    .addOption(new Option('--format <format>', 'text, markdown (an issue or PR comment), json (the input of --compare), csv (one row per user and environment) or html (one self-contained page)').choices(['text', 'markdown', 'json', 'csv', 'html']).default('text'))
    .option('--output <file>', 'write the review to a file (with --compare: the new review, for the next comparison)')
    .option('--stale-after <duration>', 'mark API keys never used, or unused this long (e.g. 90d), as stale')
    .option('--compare <old.json>', 'print what changed since this earlier review (audit --format json)')
    .option('--detailed-exitcode', 'with --compare: exit 0 with no change, 2 with changes, 1 on error')
    .action(lazy(() => import('./commands/audit.js')));

  subcommand(program, 'emulator')
    .description('run the built-in Portainer-compatible server (demo, CI dry runs, tests)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '9000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <file>', 'YAML file of users, keys, teams and environments to start with')
    .option('--min-password-length <n>', 'RequiredPasswordLength', '12')
    .option('--init-timeout <duration>', 'admin-init timeout, e.g. 5m or 30s', '5m')
    .option('--latency <ms>', 'added latency per request', '0')
    .option('--require-setup-token <token>', 'make admin init require this X-Setup-Token')
    .addOption(new Option('--auth <method>', "authentication method: ldap and oauth users have no local password (an LDAP seed's directory: lists theirs)").choices(['internal', 'ldap', 'oauth']).default('internal'))
    .option('--team-sync', 'LDAP group sync: a login adds the user to the teams named like its directory groups')
    .addOption(new Option('--edition <edition>', 'ce: no roles (any grant is access); be: Business Edition\'s six environment roles (2.45)').choices(['ce', 'be']).default('ce'))
    .option('--trusted-proxies <list>', 'comma-separated addresses or CIDR ranges whose X-Forwarded-For names the client for the login rate limit (Portainer 2.45 trusts none)')
    .option('--trusted-origins <list>', "comma-separated origins (scheme://host[:port]) allowed to write across sites, as Portainer's --trusted-origins")
    .option('--no-csp', "no Content-Security-Policy header, as Portainer's --csp=false")
    .option('--instance-id <id>', "the InstanceID GET /api/system/status reports (default: the seed's instanceId, else a random UUID)")
    .option('--quiet', 'no line per request')
    .action(lazy(() => import('./commands/emulator.js')));

  return program;
}
