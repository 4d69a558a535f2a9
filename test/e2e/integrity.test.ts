import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../support/cli.js';
import { manifest } from '../support/manifests.js';
import { seedAdmin } from '../support/seeds.js';
import { sendJson, startStubPortainer, type StubPortainer } from '../support/stub-portainer.js';
import { countWhere, PASSWORDS, startWorld, type World } from '../support/world.js';

/**
 * No raw key lost to concurrency or odd names, one login budget per server,
 * hostile files and answers refused: each tried as someone running the tool
 * in real CI would, against the emulator with latency on, so races are real.
 */

let world: World | undefined;
let stub: StubPortainer | undefined;
afterEach(async () => {
  await world?.close();
  await stub?.close();
  world = undefined;
  stub = undefined;
});

const execFileAsync = promisify(execFile);
const TERMINAL = fileURLToPath(new URL('../support/terminal.py', import.meta.url));

function passwords(names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [`${name.replace(/\W/g, '_').toUpperCase()}_PASSWORD`, `${name}-password-long`]));
}

function usersWithKeys(names: string[], keys: string[] = ['ci']): string {
  return manifest(names.map((name) => ({ username: name, passwordEnv: `${name.replace(/\W/g, '_').toUpperCase()}_PASSWORD`, apiKeys: keys })));
}

type SecretsFile = { users: Record<string, Record<string, string>> };

function filedKeys(w: World): [string, string, string][] {
  const file = JSON.parse(readFileSync(w.secretsPath, 'utf8')) as SecretsFile;
  return Object.entries(file.users).flatMap(([user, keys]) => Object.entries(keys).map(([description, raw]) => [user, description, raw] as [string, string, string]));
}

async function authenticates(w: World, raw: string): Promise<boolean> {
  return (await fetch(`${w.emulator.url}/api/users/me`, { headers: { 'X-API-Key': raw } })).status === 200;
}

/**
 * On one machine the apply lock keeps two applies to one Portainer apart; two
 * machines (a private runtime folder each, so no shared lock, and each its own
 * address, so each its own login bucket at Portainer: a larger burst here)
 * can still share one secrets file, on a network drive say.
 */
const TWO_ADDRESSES = { burst: 20, perSecond: 2, banMs: 3_600_000 };
const machineFolders: string[] = [];
afterAll(() => {
  for (const folder of machineFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
});
function onAnotherMachine(env: Record<string, string> = {}): Record<string, string> {
  const folder = mkdtempSync(join(tmpdir(), 'pu-machine-'));
  machineFolders.push(folder);
  return { ...env, XDG_RUNTIME_DIR: folder };
}

describe('the secrets file shared by two applies at once', () => {
  it('keeps every key of two different manifests', async () => {
    const first = ['ann', 'ben', 'cat', 'dan'];
    const second = ['eve', 'fay', 'gus', 'hal'];
    world = await startWorld(usersWithKeys(first), { seed: { users: [seedAdmin()] }, latencyMs: 20, rateLimit: TWO_ADDRESSES });
    const w = world;
    writeFileSync(join(w.dir, 'second.yaml'), usersWithKeys(second));
    const env = passwords([...first, ...second]);
    const applies = await Promise.all(
      ['users.yaml', 'second.yaml'].map((file) => w.cli(['apply', '-f', file, '--auto-approve', '--secrets-out', 'secrets.json'], onAnotherMachine(env))),
    );
    expect(applies.map((result) => result.code)).toEqual([0, 0]);
    const filed = filedKeys(w);
    expect(filed.map(([user]) => user).sort()).toEqual([...first, ...second].sort());
    for (const [, , raw] of filed) expect(await authenticates(w, raw)).toBe(true);
    for (const file of ['users.yaml', 'second.yaml']) expect((await w.cli(['plan', '-f', file, '--detailed-exitcode'], env)).code).toBe(0);
  }, 60_000);

  it('keeps a working key for every user when one manifest is applied twice at once', async () => {
    const names = ['ann', 'ben', 'cat'];
    world = await startWorld(usersWithKeys(names), {
      seed: { users: [seedAdmin(), ...names.map((name) => ({ username: name, password: `${name}-password-long` }))] },
      latencyMs: 20,
      rateLimit: TWO_ADDRESSES,
    });
    const w = world;
    const env = passwords(names);
    const apply = (machine: Record<string, string> = {}) => w.cli(['apply', '-f', 'users.yaml', '--auto-approve', '--secrets-out', 'secrets.json'], { ...env, ...machine });
    await Promise.all([apply(onAnotherMachine()), apply(onAnotherMachine())]);
    for (const [, , raw] of filedKeys(w)) expect(await authenticates(w, raw)).toBe(true);
    // Any key filed nowhere is an older copy, which the next apply deletes; the filed ones stay.
    expect((await apply()).code).toBe(0);
    for (const name of names) expect(w.emulator.findUser(name)?.apiKeys.map((key) => key.description)).toEqual(['ci']);
    for (const [, , raw] of filedKeys(w)) expect(await authenticates(w, raw)).toBe(true);
    expect((await w.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode'], env)).code).toBe(0);
  }, 60_000);
});

describe('names that are also names of JavaScript', () => {
  it('keeps the keys of users called constructor, toString and __proto__, and of a key described __proto__', async () => {
    world = await startWorld(
      manifest([
        { username: 'constructor', passwordEnv: 'CONSTRUCTOR_PASSWORD', apiKeys: ['ci'] },
        { username: 'toString', passwordEnv: 'TOSTRING_PASSWORD', apiKeys: ['ci'] },
        { username: '__proto__', passwordEnv: '__PROTO___PASSWORD', apiKeys: ['__proto__', 'constructor'] },
      ]),
      { seed: { users: [seedAdmin()] } },
    );
    const env = passwords(['constructor', 'toString', '__proto__']);
    const applied = await world.cli(['apply', '-f', 'users.yaml', '--auto-approve', '--secrets-out', 'secrets.json'], env);
    expect(applied.code).toBe(0);
    expect(filedKeys(world).map(([user, description]) => `${user}/${description}`).sort()).toEqual([
      '__proto__/__proto__',
      '__proto__/constructor',
      'constructor/ci',
      'toString/ci',
    ]);
    for (const [, , raw] of filedKeys(world)) expect(await authenticates(world, raw)).toBe(true);
    expect((await world.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode'], env)).code).toBe(0);
  }, 60_000);
});

describe("Portainer's login budget", () => {
  // The second apply waits for the first's lock, then starts with what the first left of the budget.
  it('is shared by processes that spell one server two ways: no ban', async () => {
    const first = Array.from({ length: 7 }, (_, index) => `p${index}`);
    const second = Array.from({ length: 7 }, (_, index) => `q${index}`);
    world = await startWorld(usersWithKeys(first), { seed: { users: [seedAdmin()] } });
    const w = world;
    writeFileSync(join(w.dir, 'second.yaml'), usersWithKeys(second));
    const env = passwords([...first, ...second]);
    const port = new URL(w.emulator.url).port;
    const results = await Promise.all([
      w.cli(['apply', '-f', 'users.yaml', '--auto-approve', '--secrets-out', 'one.json', '--lock-timeout', '2m'], { ...env, PORTAINER_URL: `http://127.0.0.1:${port}` }),
      w.cli(['apply', '-f', 'second.yaml', '--auto-approve', '--secrets-out', 'two.json', '--lock-timeout', '2m'], { ...env, PORTAINER_URL: `http://localhost:${port}` }),
    ]);
    expect(results.map((result) => result.code)).toEqual([0, 0]);
    expect(w.emulator.requests.filter((request) => request.status === 403 && /auth|tokens/.test(request.path))).toEqual([]);
    expect(countWhere(w.emulator, 'POST', /\/tokens$/)).toBe(14);
  }, 90_000);

  it('is shared by plans side by side at 127.0.0.1 and [::ffff:127.0.0.1] (one address to Portainer): no ban', async () => {
    // Twelve logins at once: more than Portainer's burst of 10 unless the two processes pace as one.
    const names = Array.from({ length: 4 }, (_, index) => `v${index}`);
    const verify = `${usersWithKeys(names, [])}passwords:\n  verify: true\n`;
    world = await startWorld(verify, { seed: { users: [seedAdmin(), ...names.map((name) => ({ username: name, password: `${name}-password-long` }))] } });
    const w = world;
    const port = new URL(w.emulator.url).port;
    const plans = await Promise.all(
      [`http://127.0.0.1:${port}`, `http://[::ffff:127.0.0.1]:${port}`].map((url) => w.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode'], { ...passwords(names), PORTAINER_URL: url })),
    );
    expect(plans.map((plan) => plan.code)).toEqual([0, 0]);
    // Loopback in any spelling is this machine: no warning about plain http to another one.
    for (const plan of plans) expect(plan.stderr).not.toContain('another machine');
    expect(w.emulator.requests.filter((request) => request.status === 403)).toEqual([]);
    // Each plan: its own login, then a login per manifest password to verify (the admin's and four users').
    expect(countWhere(w.emulator, 'POST', /^\/api\/auth$/)).toBe(12);
  }, 90_000);
});

describe('hostile files and answers', () => {
  it('refuses /dev/zero as a password file in a sentence, at once', async () => {
    world = await startWorld(`${manifest([])}`.replace('{ env: PORTAINER_ADMIN_PASSWORD }', '{ file: /dev/zero }'), { seed: { users: [seedAdmin()] } });
    const started = Date.now();
    const result = await world.cli(['plan', '-f', 'users.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot read file \/dev\/zero: it is not a regular file/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a server that lists two users with one Id, with no write', async () => {
    const user = (id: number, name: string, role = 2) => ({ Id: id, Username: name, Role: role });
    stub = await startStubPortainer({ 'GET /api/users': (_req, res) => sendJson(res, 200, [user(1, 'admin', 1), user(3, 'bob'), user(3, 'carol')]) });
    world = await startWorld(manifest([{ username: 'dave', passwordEnv: 'CAROL_PASSWORD' }], 'prune:\n  users: true\n'));
    const result = await runCli(['apply', '-f', join(world.dir, 'users.yaml'), '--auto-approve'], {
      env: { PORTAINER_URL: stub.url, PORTAINER_USERNAME: 'admin', PORTAINER_PASSWORD: 'whatever-password', CAROL_PASSWORD: PASSWORDS.carol },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: user\.carol: the server lists two users with Id 3 \("bob" and "carol"\)/m);
    expect(stub.requests.filter((request) => request.method !== 'GET' && request.path !== '/api/auth')).toEqual([]);
  });

  it('refuses a server that lists two environments or two groups with one Id, with no write', async () => {
    const holder = (id: number, name: string) => ({ Id: id, Name: name, UserAccessPolicies: {}, TeamAccessPolicies: {} });
    stub = await startStubPortainer({
      'GET /api/users': (_req, res) => sendJson(res, 200, [{ Id: 1, Username: 'admin', Role: 1 }]),
      'GET /api/roles': (_req, res) => sendJson(res, 200, []),
      'GET /api/teams': (_req, res) => sendJson(res, 200, []),
      'GET /api/endpoints': (_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'x-total-count': '2' }).end(JSON.stringify([holder(3, 'prod'), holder(3, 'staging')])),
      'GET /api/endpoint_groups': (_req, res) => sendJson(res, 200, [holder(1, 'Unassigned'), holder(2, 'edge'), holder(2, 'core')]),
    });
    const access = 'environments:\n  - name: prod\n    users: [admin]\n  - name: staging\n    users: [admin]\nenvironmentGroups:\n  - name: edge\n    users: [admin]\n  - name: core\n    users: [admin]\n';
    world = await startWorld(manifest([], access));
    const result = await runCli(['apply', '-f', join(world.dir, 'users.yaml'), '--auto-approve'], {
      env: { PORTAINER_URL: stub.url, PORTAINER_USERNAME: 'admin', PORTAINER_PASSWORD: 'whatever-password' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: environment\.staging: the server lists two environments with Id 3 \("prod" and "staging"\)/m);
    expect(result.stderr).toMatch(/^Error: environmentGroup\.core: the server lists two environment groups with Id 2 \("edge" and "core"\)/m);
    expect(stub.requests.filter((request) => request.method !== 'GET' && request.path !== '/api/auth')).toEqual([]);
  });

  it('never writes a control character from the server raw: not with --debug, not in --json', async () => {
    const hostile = 'evil\u001b]52;c;aGVsbG8=\u0007\u009b31m\u0085\u2028';
    world = await startWorld(manifest([], 'prune:\n  users: true\n'));
    const env = (url: string) => ({ PORTAINER_URL: url, PORTAINER_USERNAME: 'admin', PORTAINER_PASSWORD: 'whatever-password' });
    // An error body of plain text, as a proxy sends it, logged by --debug.
    stub = await startStubPortainer({ 'GET /api/users/admin/check': (_req, res) => res.writeHead(400, { 'content-type': 'text/plain' }).end(`refused ${hostile}`) });
    const debug = await runCli(['plan', '-f', join(world.dir, 'users.yaml'), '--debug'], { env: env(stub.url) });
    expect(debug.stderr).toContain('debug:');
    await stub.close();
    // A username with controls, in the plan object.
    stub = await startStubPortainer({ 'GET /api/users': (_req, res) => sendJson(res, 200, [{ Id: 1, Username: 'admin', Role: 1 }, { Id: 2, Username: hostile, Role: 2 }]) });
    const json = await runCli(['plan', '-f', join(world.dir, 'users.yaml'), '--json'], { env: env(stub.url) });
    expect(json.stdout).toContain('\\u009b');
    for (const output of [debug.stdout, debug.stderr, json.stdout, json.stderr]) expect(output).not.toMatch(/[\u001b\u0007\u0080-\u009f\u2028\u2029]/);
  });
});

describe('the confirmation prompt', () => {
  /** On a pseudo-terminal, typing `keys` at the prompt; asynchronously, since the emulator answers from this process. */
  async function atPrompt(w: World, keys: string): Promise<{ code: number; shown: string }> {
    const { stdout } = await execFileAsync('python3', [TERMINAL, 'Enter a value', keys, process.execPath, BIN, 'apply', '-f', 'users.yaml'], {
      cwd: w.dir,
      env: { ...process.env, PORTAINER_URL: w.emulator.url, PORTAINER_ADMIN_PASSWORD: PASSWORDS.admin, CAROL_PASSWORD: PASSWORDS.carol },
      encoding: 'utf8',
    });
    return JSON.parse(stdout) as { code: number; shown: string };
  }

  it('takes Ctrl-C and SIGTERM as "Apply cancelled." (exit 130) and Ctrl-D as the same (exit 1), changing nothing', async () => {
    world = await startWorld(manifest([{ username: 'carol', passwordEnv: 'CAROL_PASSWORD' }]), { seed: { users: [seedAdmin()] } });
    for (const [keys, code] of [['\\x03', 130], ['SIGTERM', 130], ['\\x04', 1]] as const) {
      const result = await atPrompt(world, keys);
      expect(result.code).toBe(code);
      expect(result.shown).toContain('Apply cancelled.');
      expect(result.shown).not.toMatch(/unexpected|Aborted/);
    }
    expect(world.emulator.findUser('carol')).toBeUndefined();
  }, 60_000);
});
