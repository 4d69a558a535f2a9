import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, runCommand } from '../support/cli.js';
import { onlyCodeBlock, readDoc, sectionOf, codeBlocks } from '../support/docs.js';
import { ROOT } from '../support/package.js';

/**
 * docs/emulator.md as a reader uses it: the complete seed, loaded by the
 * command line the page shows; the curl lines that change its state while it
 * runs, in bash; the back-door script, in node. One emulator for the file.
 */

const page = readDoc('emulator.md');
const seedText = onlyCodeBlock(page, 'A complete seed', 'yaml');
const [startLine = ''] = onlyCodeBlock(page, 'A complete seed', 'sh').split('\n');
const KEY = { 'X-API-Key': 'ptr_demo-admin-key' };

let dir: string;
let url: string;
let stop: () => Promise<number | null>;

/** The page's own command line, with a free port and no request log. */
function emulatorArguments(): string[] {
  const words = startLine.replace(/\s+#.*$/, '').trim().split(/\s+/);
  expect(words.slice(0, 3)).toEqual(['node', 'bin/portainer-users.js', 'emulator']);
  return [...words.slice(2), '--port', '0', '--quiet'];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pu-docs-emulator-'));
  writeFileSync(join(dir, 'seed.yaml'), seedText);
  const child = spawn(process.execPath, [BIN, ...emulatorArguments()], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  stop = async () => {
    child.kill('SIGTERM');
    return exited;
  };
  url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const found = /^Portainer emulator listening on (\S+)$/m.exec(stdout)?.[1];
      if (found) resolve(found);
    });
    void exited.then((code) => reject(new Error(`the emulator exited with ${code}: ${stderr}`)));
  });
});
afterAll(async () => {
  await stop?.();
  rmSync(dir, { recursive: true, force: true });
});

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${url}/api${path}`, { headers: KEY });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

type User = { Id: number; Username: string; Role: number };

describe('docs/emulator.md', () => {
  it('starts the emulator from the complete seed, as the page runs it', async () => {
    const seed = parse(seedText) as { users: unknown[]; teams: unknown[]; environments: unknown[]; environmentGroups: unknown[] };
    const users = await get<User[]>('/users');
    expect(users.map((user) => [user.Id, user.Username, user.Role])).toEqual([[1, 'admin', 1], [2, 'alice', 1], [3, 'bob', 2]]);
    expect(await get<unknown[]>('/teams')).toHaveLength(seed.teams.length);
    expect(await get<unknown[]>('/endpoints')).toHaveLength(seed.environments.length);
    expect(await get<unknown[]>('/endpoint_groups')).toHaveLength(seed.environmentGroups.length + 1);
    expect((await get<unknown[]>('/roles')).length).toBe(6);
    expect(await get<{ description: string }[]>('/users/3/tokens')).toEqual([expect.objectContaining({ description: 'laptop' })]);
  });

  it('changes its state while it runs with the curl lines the page shows', async () => {
    const block = onlyCodeBlock(page, 'Over its API, as Portainer', 'sh');
    const result = await runCommand('bash', ['-euo', 'pipefail', '-c', block], { cwd: dir, env: { PORTAINER_URL: url } });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const users = await get<User[]>('/users');
    expect(users.map((user) => [user.Username, user.Role])).toEqual([['admin', 1], ['alice', 1], ['bob', 1], ['mallory', 2]]);
    expect((await get<{ Name: string }[]>('/teams')).map((team) => team.Name)).toContain('intruders');
    expect((await get<{ UserAccessPolicies: unknown }>('/endpoints/1')).UserAccessPolicies).toEqual({ 2: { RoleId: 1 } });
    // Another administrator's keys: only bob himself may list them now.
    expect((await fetch(`${url}/api/users/3/tokens`, { headers: KEY })).status).toBe(403);
    const login = await fetch(`${url}/api/auth`, { method: 'POST', body: JSON.stringify({ username: 'bob', password: 'bob-password-01' }) });
    const { jwt } = (await login.json()) as { jwt: string };
    expect(await (await fetch(`${url}/api/users/3/tokens`, { headers: { Authorization: `Bearer ${jwt}` } })).json()).toEqual([]);
  });

  it('runs the back-door script the page shows against the built library', async () => {
    const [script = ''] = codeBlocks(sectionOf(page, 'The back door, in a test'), 'js');
    const file = join(dir, 'back-door.mjs');
    writeFileSync(file, script.replace("from 'portainer-users'", `from '${pathToFileURL(join(ROOT, 'dist', 'index.js')).href}'`));
    expect(await runCommand(process.execPath, [file], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
