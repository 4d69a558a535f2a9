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
    expect(result).toEqual({ code: 0, stdout: 'examples/basic.yaml: valid (2 admins, 1 standard user, 1 team, 2 API keys)\n', stderr: '' });
  });

  it('counts the environment grants of a manifest that lists environments', async () => {
    const path = join(ROOT, 'examples', 'environments.yaml');
    const env = Object.fromEntries(envNamesIn(readFileSync(path, 'utf8')).map((name) => [name, 'cli-test-password']));
    const result = await runCli(['validate', '-f', 'examples/environments.yaml'], { cwd: ROOT, env });
    expect(result).toEqual({ code: 0, stdout: 'examples/environments.yaml: valid (2 admins, 2 standard users, 2 teams, 6 environment grants)\n', stderr: '' });
  });

  it('exits 1 with each problem on its own stderr line and nothing on stdout', async () => {
    const path = writeManifest('version: 1\nusers:\n  - username: alice\n    role: boss\n  - username: Alice\n    extra: 1\n');
    const result = await runCli(['validate', '-f', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `Error: ${path}:4:11: users[0].role: must be admin or standard, got "boss"`,
      `Error: ${path}:5:15: users[1].username: "Alice" is the same user as "alice" in users[0] (Portainer compares usernames case-insensitively)`,
      `Error: ${path}:6:5: users[1].extra: unknown key "extra"`,
    ]);
  });

  it('is offline: an unset password variable is a warning naming it, exit 0; --strict makes it an error', async () => {
    const path = writeManifest('version: 1\nusers:\n  - username: alice\n    password: { env: CLI_TEST_UNSET_PASSWORD }\n');
    const result = await runCli(['validate', '-f', path]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${path}: valid (0 admins, 1 standard user)\n`);
    expect(result.stderr).toBe(`Warning: ${path}:4:15: users[0].password: environment variable CLI_TEST_UNSET_PASSWORD is not set (the password of user "alice")\n`);
    const strict = await runCli(['validate', '-f', path, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toMatch(/^Warning: .*CLI_TEST_UNSET_PASSWORD is not set/);
    expect(strict.stderr).toMatch(/^Error: .*--strict: 1 warning counts as errors$/m);
  });

  it('validates every example offline, with no variable set', async () => {
    for (const example of ['examples/basic.yaml', 'examples/team.yaml', 'examples/environments.yaml']) {
      const result = await runCli(['validate', '-f', example], { cwd: ROOT });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/: valid \(/);
    }
  });

  it('prints the issues as JSON, or as GitHub annotations, on stdout', async () => {
    const path = writeManifest('version: 1\nusers:\n  - username: alice\n    role: boss\n    password: { env: CLI_TEST_UNSET_PASSWORD }\n');
    const json = await runCli(['validate', '-f', path, '--format', 'json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ file: path, valid: false });
    expect(report.issues.map((issue: { severity: string; line: number; col: number; path: string }) => [issue.severity, issue.line, issue.col, issue.path])).toEqual([
      ['error', 4, 11, 'users[0].role'],
    ]);
    const github = await runCli(['validate', '-f', path, '--format', 'github']);
    expect(github.code).toBe(1);
    expect(github.stdout.split('\n')[0]).toBe(`::error file=${path},line=4,col=11::users[0].role: must be admin or standard, got "boss"`);
    // Every format says its errors on stderr too, as every command does.
    expect(github.stderr).toMatch(/^Error: .*:4:11: users\[0\]\.role: /m);
    expect(json.stderr).toMatch(/^Error: .*:4:11: users\[0\]\.role: /m);
  });

  it('says when a valid manifest manages nothing, and reads one from stdin with -f -', async () => {
    const result = await runCli(['validate', '-f', '-'], { input: 'version: 1\n# nothing yet\n' });
    expect(result).toEqual({ code: 0, stdout: '-: valid (it manages nothing: no admin block, no user and no team)\n', stderr: '' });
  });

  it('refuses, in one line, what is not a one-document YAML text', async () => {
    const cases: [string, string | Buffer, RegExp][] = [
      ['random bytes', Buffer.from(Array.from({ length: 200_000 }, (_, index) => (index * 7919 + 13) % 256)), /not a YAML text file/],
      ['deep nesting', '['.repeat(100_000), /nested too deeply/],
      ['two documents', 'version: 1\n---\nversion: 1\n', /must be one YAML document/],
    ];
    for (const [, content, words] of cases) {
      const path = writeManifest(content);
      const result = await runCli(['validate', '-f', path]);
      expect(result.code).toBe(1);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(words);
    }
  });

  it('prints warnings to stderr and still exits 0', async () => {
    const path = writeManifest('version: 1\nusers:\n  - username: alice\n    password: cli-plain-secret\n');
    const result = await runCli(['validate', '-f', path]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${path}: valid (0 admins, 1 standard user)\n`);
    expect(result.stderr).toMatch(/^Warning: .*:4:15: users\[0\]\.password: /);
    expect(result.stderr + result.stdout).not.toContain('cli-plain-secret');
  });

  it('says in one line that a missing file is missing', async () => {
    const result = await runCli(['validate', '-f', 'no-such-manifest.yaml'], { cwd: ROOT });
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'Error: no-such-manifest.yaml: cannot read the manifest: no such file\n' });
  });
});

describe('portainer-users schema', () => {
  it('prints the committed JSON Schema and exits 0', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(ROOT, 'schemas', 'manifest.schema.json'), 'utf8'));
  });
});
