import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { envNamesIn, writeManifest } from './support.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

beforeAll(() => {
  // Type errors elsewhere in a work-in-progress tree still emit JavaScript; what matters is the CLI exists.
  spawnSync(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
  expect(existsSync(join(ROOT, 'dist', 'cli', 'main.js'))).toBe(true);
}, 120_000);

describe('portainer-users validate', () => {
  it('exits 0 and prints one line to stdout for a valid manifest', async () => {
    const path = join(ROOT, 'examples', 'basic.yaml');
    const env = Object.fromEntries(envNamesIn(readFileSync(path, 'utf8')).map((name) => [name, 'cli-test-password']));
    const result = await runCli(['validate', '-f', 'examples/basic.yaml'], { cwd: ROOT, env });
    expect(result).toEqual({ code: 0, stdout: 'examples/basic.yaml: valid (1 admin, 2 users)\n', stderr: '' });
  });

  it('exits 1 with each problem on its own stderr line and nothing on stdout', async () => {
    const path = writeManifest('version: 1\nusers:\n  - username: alice\n    role: boss\n  - username: Alice\n    extra: 1\n');
    const result = await runCli(['validate', '-f', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `${path}:4:11: users[0].role: must be admin or standard, got "boss"`,
      `${path}:5:15: users[1].username: "Alice" is the same user as "alice" in users[0] (Portainer compares usernames case-insensitively)`,
      `${path}:6:5: users[1].extra: unknown key "extra"`,
    ]);
  });

  it('exits 1 naming the variable and the user when a password variable is not set', async () => {
    const path = writeManifest('version: 1\nusers:\n  - username: alice\n    password: { env: CLI_TEST_UNSET_PASSWORD }\n');
    const result = await runCli(['validate', '-f', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`${path}:4:15: users[0].password: environment variable CLI_TEST_UNSET_PASSWORD is not set (the password of user "alice")\n`);
  });

  it('prints warnings to stderr and still exits 0', async () => {
    const path = writeManifest('version: 1\nusers:\n  - username: alice\n    password: cli-plain-secret\n');
    const result = await runCli(['validate', '-f', path]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${path}: valid (1 user)\n`);
    expect(result.stderr).toMatch(/:4:15: warning: users\[0\]\.password: /);
    expect(result.stderr + result.stdout).not.toContain('cli-plain-secret');
  });

  it('says in one line that a missing file is missing', async () => {
    const result = await runCli(['validate', '-f', 'no-such-manifest.yaml'], { cwd: ROOT });
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'no-such-manifest.yaml: cannot read the manifest: no such file\n' });
  });
});

describe('portainer-users schema', () => {
  it('prints the committed JSON Schema and exits 0', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(ROOT, 'schemas', 'manifest.schema.json'), 'utf8'));
  });
});
