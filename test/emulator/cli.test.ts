import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'emulator-cli-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'portainer-users.js');

/** The CLI runs from dist/: build first. Type errors elsewhere in the tree do not stop tsc from emitting. */
beforeAll(async () => {
  await new Promise<void>((resolve) => {
    execFile('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root }, () => resolve());
  });
  if (!existsSync(join(root, 'dist', 'cli', 'commands', 'emulator.js'))) throw new Error('the build did not emit the emulator command');
}, 120_000);

interface Started {
  child: ChildProcess;
  lines: string[];
  exit: Promise<{ code: number | null; stderr: string }>;
}

function runCli(args: string[]): Started {
  const child = spawn(process.execPath, [bin, 'emulator', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    lines.splice(0, lines.length, ...stdout.split('\n').filter((line) => line !== ''));
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  return { child, lines, exit };
}

async function firstLines(started: Started, count: number): Promise<string[]> {
  for (let waited = 0; started.lines.length < count && waited < 10_000; waited += 25) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return started.lines.slice(0, count);
}

describe('portainer-users emulator', () => {
  it('prints its URL and how to use it, a line per request, and exits 0 on SIGTERM', async () => {
    const started = runCli(['--port', '0']);
    const [line, hint] = await firstLines(started, 2);
    expect(line).toMatch(/^Portainer emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = (line ?? '').replace('Portainer emulator listening on ', '');
    expect(url.endsWith(':0')).toBe(false);
    expect(hint).toBe(`To use it: export PORTAINER_URL=${url}`);
    const status = await fetch(`${url}/api/status`);
    expect(await status.json()).toMatchObject({ Version: '2.45.0' });
    const [, , logged] = await firstLines(started, 3);
    expect(logged).toMatch(/^GET \/api\/status 200 \d+ ms$/);
    started.child.kill('SIGTERM');
    expect((await started.exit).code).toBe(0);
  });

  it('logs no request with --quiet', async () => {
    const started = runCli(['--port', '0', '--quiet']);
    const [line] = await firstLines(started, 2);
    await fetch(`${(line ?? '').replace('Portainer emulator listening on ', '')}/api/status`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    started.child.kill('SIGTERM');
    expect((await started.exit).code).toBe(0);
    expect(started.lines).toHaveLength(2);
  });

  it('loads a seed, applies the options and prints the setup token on a second line', async () => {
    const dir = await tempDir();
    const seed = join(dir, 'seed.yaml');
    await writeFile(seed, 'users:\n  - { username: alice, password: alice-password-1, apiKeys: [{ description: ci, key: ptr_cli }] }\n');
    const started = runCli(['--port', '0', '--seed', seed, '--min-password-length', '20', '--init-timeout', '30s', '--require-setup-token', 'tok', '--instance-id', 'pinned-by-cli']);
    const [line, , tokenLine] = await firstLines(started, 3);
    expect(tokenLine).toBe('setup_token=tok');
    const url = (line ?? '').replace('Portainer emulator listening on ', '');
    const settings = (await (await fetch(`${url}/api/settings/public`)).json()) as Record<string, unknown>;
    expect(settings).toMatchObject({ RequiredPasswordLength: 20, RequiresSetupToken: true });
    expect(await (await fetch(`${url}/api/system/status`)).json()).toMatchObject({ InstanceID: 'pinned-by-cli' });
    const me = (await (await fetch(`${url}/api/users/me`, { headers: { 'x-api-key': 'ptr_cli' } })).json()) as Record<string, unknown>;
    expect(me['Username']).toBe('alice');
    started.child.kill('SIGINT');
    expect((await started.exit).code).toBe(0);
  });

  it('exits 1 with one sentence for a bad seed file', async () => {
    const dir = await tempDir();
    const seed = join(dir, 'seed.yaml');
    await writeFile(seed, 'users: [{ username: alice, password: p, role: boss }]\n');
    const started = runCli(['--port', '0', '--seed', seed]);
    const { code, stderr } = await started.exit;
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`Error: ${seed}: seed: users[0].role must be "admin" or "standard", got "boss"`);
  });

  it.each([
    [['--min-password-length', '-5'], '--min-password-length must be zero or more, got -5'],
    [['--port', '-1'], '--port must be zero or more, got -1'],
    [['--latency', '-20'], '--latency must be zero or more, got -20'],
    [['--init-timeout', '-5m'], '--init-timeout must be zero or more, got -5m'],
    [['--min-password-length', '1.5'], '--min-password-length must be a whole number, got "1.5"'],
    [['--trusted-proxies', '10.0.0.0/33'], '--trusted-proxies: invalid trusted proxy address: "10.0.0.0/33"'],
    [['--trusted-origins', 'https://ui.example.com/app'], '--trusted-origins: invalid trusted origin "https://ui.example.com/app": give scheme://host[:port], with no path, query or fragment'],
  ])('exits 1 with one sentence for %j', async (args, sentence) => {
    const { code, stderr } = await runCli(['--port', '0', ...args]).exit;
    expect({ code, stderr: stderr.trim() }).toEqual({ code: 1, stderr: `Error: ${sentence}` });
  });

  it('serves an LDAP seed whose directory users have no local password, and the 2.45 options', async () => {
    const dir = await tempDir();
    const seed = join(dir, 'seed.yaml');
    await writeFile(seed, [
      'users:',
      '  - { username: admin, password: admin-password-1, role: admin }',
      '  - { username: carol }',
      'directory:',
      '  - { username: carol, password: carol-directory-1 }',
    ].join('\n'));
    const started = runCli(['--port', '0', '--quiet', '--auth', 'ldap', '--seed', seed, '--no-csp', '--trusted-origins', 'https://ui.example.com', '--trusted-proxies', '127.0.0.1,10.0.0.0/8']);
    const [line] = await firstLines(started, 1);
    const url = (line ?? '').replace('Portainer emulator listening on ', '');
    const login = (origin: string) => fetch(`${url}/api/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ username: 'carol', password: 'carol-directory-1' }),
    });
    const carol = await login('https://ui.example.com');
    expect(carol.status).toBe(200);
    expect(carol.headers.get('content-security-policy')).toBeNull();
    expect((await login('https://elsewhere.example.com')).status).toBe(403);
    started.child.kill('SIGTERM');
    expect((await started.exit).code).toBe(0);
  });
});
