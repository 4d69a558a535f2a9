import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorOptions, EmulatorSeed } from '../../src/emulator/index.js';
import type { CliResult } from '../support/cli.js';
import { BASIC, manifest } from '../support/manifests.js';
import { expectNoSecretsIn, filesWritten } from '../support/secrets.js';
import { CONVERGED_BASIC, seedAdmin } from '../support/seeds.js';
import { countWhere, PASSWORD_ENV, PASSWORDS, startWorld, type World } from '../support/world.js';
import { spawnCli } from '../reliability/support.js';

/**
 * The tool against a Portainer that misbehaves, through the emulator's fault
 * and latency knobs: each test names the fault, and checks what the tool did,
 * that a second run converges, and that no secret reached any output.
 */

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function open(yaml: string, seed: EmulatorSeed = CONVERGED_BASIC, options: EmulatorOptions = {}): Promise<World> {
  world = await startWorld(yaml, { seed, ...options });
  return world;
}

const PLAN = ['plan', '-f', 'users.yaml'];
const APPLY = ['apply', '-f', 'users.yaml', '--auto-approve', '--secrets-out', 'secrets.json'];

type SecretsFile = { users: Record<string, Record<string, string>>; pending?: unknown };
function readSecrets(w: World): SecretsFile {
  return JSON.parse(readFileSync(w.secretsPath, 'utf8'));
}

/** Passwords, and the raw keys in the secrets file, must appear nowhere but in that file. */
function expectNoSecretsLeaked(w: World, results: CliResult[]): void {
  let raws: string[] = [];
  try {
    raws = Object.values(readSecrets(w).users).flatMap((keys) => Object.values(keys));
  } catch {
    // no secrets file in this test
  }
  const texts = [...results.flatMap((r) => [r.stdout, r.stderr]), ...filesWritten(w.dir, [w.secretsPath])];
  expectNoSecretsIn(texts, [...Object.values(PASSWORD_ENV), ...raws]);
}

async function expectValidKey(w: World, username: string, raw: string | undefined): Promise<void> {
  expect(raw).toMatch(/^ptr_/);
  const me = await fetch(`${w.emulator.url}/api/users/me`, { headers: { 'X-API-Key': raw as string } });
  expect(me.status).toBe(200);
  expect((await me.json()).Username).toBe(username);
}

describe('busy or flaky reads', () => {
  it('plans through a 30% rate of 503 on every read', async () => {
    const w = await open(BASIC);
    // A plan makes only a handful of reads, so 30% may draw no 503 at all: the first user listing always gets one.
    w.emulator.injectFault({ method: 'GET', path: '/api/users', status: 503, times: 1 });
    w.emulator.injectFault({ method: 'GET', path: /.*/, status: 503, probability: 0.3, times: Infinity });
    const result = await w.cli(PLAN);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No changes.');
    expect(w.emulator.requests.some((r) => r.status === 503)).toBe(true);
    expectNoSecretsLeaked(w, [result]);
  });

  it('retries a read whose connection was dropped', async () => {
    const w = await open(BASIC);
    w.emulator.injectFault({ method: 'GET', path: '/api/users', drop: 'connection', times: 2 });
    const result = await w.cli(PLAN);
    expect(result.code).toBe(0);
    expect(w.emulator.requests.filter((r) => r.path === '/api/users').map((r) => r.status)).toEqual([0, 0, 200]);
    expectNoSecretsLeaked(w, [result]);
  });
});

describe('writes whose answer was lost', () => {
  it('a user create: re-reads, counts it as done, and the next apply has nothing to do', async () => {
    const w = await open(manifest([{ username: 'carol', passwordEnv: 'CAROL_PASSWORD' }, { username: 'dave', passwordEnv: 'BOB_PASSWORD' }]), {
      users: [seedAdmin()],
    });
    w.emulator.injectFault({ method: 'POST', path: '/api/users', drop: 'response' });
    const first = await w.cli(APPLY);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Note: user\.(carol|dave): POST \/api\/users got no clear answer, but re-reading the server shows it took effect/);
    const second = await w.cli(APPLY);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes.');
    expect(w.emulator.listUsers().map((u) => u.username).sort()).toEqual(['admin', 'carol', 'dave']);
    expect(countWhere(w.emulator, 'POST', /^\/api\/users$/)).toBe(2);
    expectNoSecretsLeaked(w, [first, second]);
  });

  it('a key create: the key nobody saw is deleted and created again, its raw value saved', async () => {
    const w = await open(manifest([{ username: 'carol', passwordEnv: 'CAROL_PASSWORD', apiKeys: ['deploy'] }]), {
      users: [seedAdmin(), { username: 'carol', password: PASSWORDS.carol }],
    });
    w.emulator.injectFault({ method: 'POST', path: '/api/users/*/tokens', drop: 'response' });
    const first = await w.cli(APPLY);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Note: user\.carol\.apiKey\[deploy\]: the answer to the key's creation was lost in transit/);
    expect(w.emulator.findUser('carol')?.apiKeys.map((k) => k.description)).toEqual(['deploy']);
    const secrets = readSecrets(w);
    expect(secrets.pending).toBeUndefined();
    await expectValidKey(w, 'carol', secrets.users['carol']?.['deploy']);

    const second = await w.cli(APPLY);
    expect(second.stdout).toContain('No changes.');
    expectNoSecretsLeaked(w, [first, second]);
  });

  it('a key create that cannot be checked: apply fails, and the next one replaces the key whose value was lost', async () => {
    // carol is created in the same apply, so the plan reads no keys and only the re-read meets the fault.
    const w = await open(manifest([{ username: 'carol', passwordEnv: 'CAROL_PASSWORD', apiKeys: ['deploy'] }]), { users: [seedAdmin()] });
    w.emulator.injectFault({ method: 'POST', path: '/api/users/*/tokens', drop: 'response' });
    w.emulator.injectFault({ method: 'GET', path: '/api/users/*/tokens', status: 500, message: 'database is locked', times: Infinity });
    const failed = await w.cli(APPLY);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Error: apply failed at user\.carol\.apiKey\[deploy\]: .*the secrets file records the attempt/);
    expect(readSecrets(w)).toEqual({ users: {}, pending: { carol: { deploy: { keysBefore: [], requestedAt: expect.any(String) } } } });
    const lost = w.emulator.findUser('carol')!.apiKeys;
    expect(lost).toHaveLength(1);

    w.emulator.clearFaults();
    const second = await w.cli(APPLY);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/-\/\+ user\.carol\.apiKey\[deploy\]/);
    expect(second.stdout).toContain('its raw value was lost in transit');
    const keys = w.emulator.findUser('carol')!.apiKeys;
    expect(keys).toHaveLength(1);
    expect(keys[0]!.id).not.toBe(lost[0]!.id);
    const secrets = readSecrets(w);
    expect(secrets.pending).toBeUndefined();
    await expectValidKey(w, 'carol', secrets.users['carol']?.['deploy']);

    const third = await w.cli(APPLY);
    expect(third.stdout).toContain('No changes.');
    expectNoSecretsLeaked(w, [failed, second, third]);
  });

  it('a user delete: the repeated DELETE finds the user gone, which counts as done', async () => {
    const w = await open(manifest([], 'prune:\n  users: true\n'), { users: [seedAdmin(), { username: 'carol', password: PASSWORDS.carol }] });
    w.emulator.injectFault({ method: 'DELETE', path: '/api/users/*', drop: 'response' });
    const first = await w.cli(APPLY);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Note: user.carol: the user was already gone from the server');
    expect(w.emulator.findUser('carol')).toBeUndefined();
    const second = await w.cli(APPLY);
    expect(second.stdout).toContain('No changes.');
    expectNoSecretsLeaked(w, [first, second]);
  });
});

describe('a slow, disabled or banning Portainer', () => {
  it('names the call that took longer than --timeout, without a stack trace', async () => {
    const w = await open(BASIC);
    w.emulator.setLatency(1500);
    const result = await w.cli([...PLAN, '--timeout', '300']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: GET \/api\/(settings\/public|users\/admin\/check) got no answer within the 300 ms timeout; Portainer is slow or unreachable\n$/);
    expectNoSecretsLeaked(w, [result]);
  });

  it('says that Portainer disabled itself when nobody initialised it in time (303)', async () => {
    const w = await open(BASIC, { users: [] }, { initTimeoutMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const result = await w.cli(APPLY);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error: GET /api/users/admin/check answered 303 See Other (AdminInitTimeout): Portainer disabled itself because no administrator was created ' +
        'within its admin-init timeout (5 minutes after start by default); restart Portainer, then run the tool again to initialise it.\n',
    );
    expectNoSecretsLeaked(w, [result]);
  });

  it("reports Portainer's rate-limit ban as a ban with the one-hour wait, not as bad credentials", async () => {
    const w = await open(BASIC, CONVERGED_BASIC, { rateLimit: { burst: 1, perSecond: 0.001, banMs: 3_600_000 } });
    const result = await w.cli(PLAN);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: POST \/api\/auth was refused with 403 Forbidden: this address is banned for one hour by Portainer's rate limit/);
    expect(result.stderr).toContain('wait an hour or restart Portainer');
    expect(result.stderr).not.toMatch(/Invalid credentials/);
    expectNoSecretsLeaked(w, [result]);
  });
});

describe('interruption', () => {
  const names = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'];
  const many = manifest(names.map((username) => ({ username, passwordEnv: 'BOB_PASSWORD' })));

  it.each(['SIGINT', 'SIGTERM'] as const)('on %s finishes the changes in flight, stops, reports, and exits 130', async (signal) => {
    const w = await open(many, { users: [seedAdmin()] }, { latencyMs: 250 });
    const run = spawnCli(w, [...APPLY, '--concurrency', '2']);
    await run.waitForOutput(/Creation complete/);
    run.child.kill(signal);
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(`Received ${signal}: finishing the change in flight, then stopping`);
    expect(result.stdout).toContain('Apply interrupted: stopped after the changes in flight.');
    const report = result.stdout.slice(result.stdout.indexOf('Apply interrupted'));
    const listed = (title: string) => [...(new RegExp(`${title} \\(\\d+\\):\\n((?: {2}\\+ .*\\n)*)`).exec(report)?.[1] ?? '').matchAll(/user\.u\d/g)].map((m) => m[0]);
    const applied = listed('Applied');
    const notAttempted = listed('Not attempted');
    expect(applied.length).toBeGreaterThan(0);
    expect(notAttempted.length).toBeGreaterThan(0);
    expect([...applied, ...notAttempted].sort()).toEqual(names.map((n) => `user.${n}`));
    // Nothing half done: the users the report calls applied exist, and no others.
    const created = w.emulator.listUsers().map((u) => `user.${u.username}`).filter((a) => a !== 'user.admin');
    expect(created.sort()).toEqual([...applied].sort());

    const again = await w.cli(APPLY);
    expect(again.code).toBe(0);
    expect(w.emulator.listUsers()).toHaveLength(names.length + 1);
    expectNoSecretsLeaked(w, [result, again]);
  });

  it('on a second SIGINT quits at once', async () => {
    const w = await open(many, { users: [seedAdmin()] }, { latencyMs: 1500 });
    const run = spawnCli(w, [...APPLY, '--concurrency', '1']);
    await run.waitForOutput(/Plan: 8 to add/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    run.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.stderr).toContain('Received SIGINT again: quitting now.');
    expectNoSecretsLeaked(w, [result]);
  });
});

describe('output hygiene', () => {
  it('--debug logs each request with method, path, status and time, every credential redacted', async () => {
    const w = await open(BASIC, { users: [] });
    const result = await w.cli([...APPLY, '--debug']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^debug: POST \/api\/users\/admin\/init -> 200 \(\d+ ms\)$/m);
    expect(result.stderr).toMatch(/^debug: {3}request body \{"Username":"admin","Password":"\[redacted\]"\}$/m);
    expect(result.stderr).toMatch(/^debug: {3}request headers \{"authorization":"\[redacted\]"\}$/m);
    expect(result.stderr).toMatch(/^debug: {3}response body \{"jwt":"\[redacted\]"\}$/m);
    expect(result.stderr).toMatch(/^debug: {3}response body \{"rawAPIKey":"\[redacted\]","apiKey":\{.*"digest":"\[redacted\]".*\}\}$/m);
    expect(result.stderr).toMatch(/^debug: {3}response body \{.*"RequiredPasswordLength":12,/m);
    expectNoSecretsLeaked(w, [result]);
  });

  it('ends quietly when its output pipe closes early (plan | head)', async () => {
    const users = Array.from({ length: 3000 }, (_, i) => ({ username: `user${i}`, passwordEnv: 'BOB_PASSWORD' }));
    const w = await open(manifest(users), { users: [seedAdmin()] });
    const bin = fileURLToPath(new URL('../../bin/portainer-users.js', import.meta.url));
    const script = `"${process.execPath}" "${bin}" plan -f users.yaml 2>stderr.txt | head -n 2; echo "\${PIPESTATUS[0]}" > status.txt`;
    const { stdout } = await promisify(execFile)('bash', ['-c', script], {
      cwd: w.dir,
      env: { ...process.env, ...PASSWORD_ENV, PORTAINER_URL: w.emulator.url },
    });
    expect(stdout.split('\n').length).toBeLessThanOrEqual(3);
    expect(readFileSync(join(w.dir, 'stderr.txt'), 'utf8')).toBe('');
    expect(readFileSync(join(w.dir, 'status.txt'), 'utf8').trim()).toBe('0');
  }, 60_000);
});
