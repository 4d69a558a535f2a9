import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BASIC } from '../support/manifests.js';
import { seedAdmin } from '../support/seeds.js';
import { BIN, runCommand, type CliResult } from '../support/cli.js';
import { PASSWORD_ENV, startWorld, type World } from '../support/world.js';

const CI = fileURLToPath(new URL('../../examples/ci/', import.meta.url));
const EXAMPLES = ['github-actions.yml', 'gitlab-ci.yml'] as const;

function load(name: string): unknown {
  return parse(readFileSync(join(CI, name), 'utf8'));
}

/** Every string in a parsed YAML file: `run:` steps, `script:` lines, and the rest. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/** The shell lines that run the CLI, in file order. */
function cliLines(name: string): string[] {
  return stringsIn(load(name))
    .flatMap((text) => text.split('\n'))
    .map((line) => line.trim())
    .filter((line) => /^portainer-users\s/.test(line));
}

/**
 * Runs one CLI line of an example in bash, as the runner does, with
 * `portainer-users` on the PATH (this checkout's bin) and the world's
 * environment: quoting, `${VAR:+...}` and redirects work as written.
 */
function runLine(w: World, line: string, env: Record<string, string>): Promise<CliResult> {
  const bin = join(w.dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'portainer-users'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  return runCommand('bash', ['-e', '-c', line], {
    cwd: w.dir,
    env: { ...PASSWORD_ENV, PORTAINER_URL: w.emulator.url, PATH: `${bin}:${process.env.PATH ?? ''}`, ...env },
  });
}

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe.each(EXAMPLES)('examples/ci/%s', (name) => {
  it('parses as YAML', () => {
    expect(load(name)).toBeTypeOf('object');
  });

  it('runs plan, apply of the reviewed changes, and drift, in bash as written', async () => {
    const lines = cliLines(name);
    const commands = { 'github-actions.yml': ['plan', 'apply', 'apply', 'drift'], 'gitlab-ci.yml': ['plan', 'plan', 'apply', 'drift'] }[name];
    expect(lines.map((line) => line.split(/\s+/)[1])).toEqual(commands);
    // A server with only its admin: the plan creates alice and bob with their keys.
    world = await startWorld(BASIC, { seed: { users: [seedAdmin(['ci'])] } });
    const env: Record<string, string> = { MANIFEST: 'users.yaml', RUNNER_TEMP: world.dir, CI_BUILDS_DIR: world.dir, PORTAINER_KEYS_PASSPHRASE: 'a passphrase' };
    for (const line of lines) {
      const result = await runLine(world, line, env);
      expect({ line, code: result.code, stderr: result.stderr }).toEqual({ line, code: 0, stderr: '' });
      // What the workflow's comment step posts, and its apply step reads the digest back from.
      if (line.includes('> plan.md')) env['REVIEWED_DIGEST'] = /sha256:[0-9a-f]{64}/.exec(readFileSync(join(world.dir, 'plan.md'), 'utf8'))?.[0] ?? '';
    }
    expect(readFileSync(join(world.dir, 'plan.md'), 'utf8')).toMatch(/^### Portainer users plan/);
    expect(world.emulator.findUser('alice')?.apiKeys.map((key) => key.description)).toEqual(['deploy']);
    expect(JSON.parse(readFileSync(join(world.dir, 'keys.json'), 'utf8')).users.bob.laptop).toMatch(/^ptr_/);
    expect(readFileSync(join(world.dir, 'drift.md'), 'utf8')).toContain('No drift.');
  });
});

describe('the secrets the examples need', () => {
  it('GitHub: the URL, the admin password and the other passwords (and a passphrase only for new keys)', () => {
    const text = readFileSync(join(CI, 'github-actions.yml'), 'utf8');
    const secrets = new Set([...text.matchAll(/secrets\.([A-Z_]+)/g)].map((match) => match[1]));
    expect(secrets).toEqual(new Set(['PORTAINER_URL', 'PORTAINER_ADMIN_PASSWORD', 'PORTAINER_PASSWORDS', 'PORTAINER_KEYS_PASSPHRASE']));
    expect(text).not.toContain('PORTAINER_API_KEY');
  });
});

/** The password loaders run in bash, as on the runners; values may hold `=`, `$` and quotes. */
describe('loading PORTAINER_PASSWORDS', () => {
  const passwords = 'ALICE_PASSWORD=a=b$HOME"x\'\r\n# a comment\n\nBOB_PASSWORD=bob-password-00003';
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function loaderOf(name: string, marker: string): string {
    const script = stringsIn(load(name)).find((text) => text.includes(marker));
    expect(script).toBeDefined();
    return script as string;
  }

  it('GitHub masks each value and sets it for later steps', () => {
    dir = mkdtempSync(join(tmpdir(), 'pu-ci-'));
    const githubEnv = join(dir, 'github-env');
    writeFileSync(githubEnv, '');
    const output = execFileSync('bash', ['-e', '-c', loaderOf('github-actions.yml', '::add-mask::')], {
      env: { PATH: process.env.PATH ?? '', PORTAINER_PASSWORDS: passwords, GITHUB_ENV: githubEnv },
      encoding: 'utf8',
    });
    expect(output).toBe('::add-mask::a=b$HOME"x\'\n::add-mask::bob-password-00003\n');
    expect(readFileSync(githubEnv, 'utf8')).toBe(
      'ALICE_PASSWORD<<PORTAINER_EOF\na=b$HOME"x\'\nPORTAINER_EOF\nBOB_PASSWORD<<PORTAINER_EOF\nbob-password-00003\nPORTAINER_EOF\n',
    );
  });

  it('GitLab exports each value from the File variable without running it as shell', () => {
    dir = mkdtempSync(join(tmpdir(), 'pu-ci-'));
    const file = join(dir, 'passwords');
    writeFileSync(file, passwords);
    const loader = loaderOf('gitlab-ci.yml', 'PORTAINER_PASSWORDS is a File variable');
    const output = execFileSync('bash', ['-e', '-c', `${loader}\nprintf '%s|%s' "$ALICE_PASSWORD" "$BOB_PASSWORD"`], {
      env: { PATH: process.env.PATH ?? '', PORTAINER_PASSWORDS: file },
      encoding: 'utf8',
    });
    expect(output).toBe('a=b$HOME"x\'|bob-password-00003');
  });
});

describe('plan --format, for the pull-request comment', () => {
  it('prints markdown, and refuses --json with another --format', async () => {
    world = await startWorld(BASIC, { seed: { users: [seedAdmin(['ci'])] } });
    const markdown = await world.cli(['plan', '-f', 'users.yaml', '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toMatch(/^### Portainer users plan for /);
    const json = await world.cli(['plan', '-f', 'users.yaml', '--format', 'json']);
    expect(JSON.parse(json.stdout).formatVersion).toBe(1);
    const both = await world.cli(['plan', '-f', 'users.yaml', '--json', '--format', 'markdown']);
    expect(both.code).toBe(1);
    expect(both.stderr).toBe("Error: --json and --format markdown ask for two formats; give one\nRun 'portainer-users plan --help' for usage.\n");
  });
});
