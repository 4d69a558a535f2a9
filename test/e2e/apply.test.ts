import { readFileSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BASIC, manifest } from '../support/manifests.js';
import { expectNoSecretsIn, filesWritten } from '../support/secrets.js';
import { CONVERGED_BASIC, seedAdmin } from '../support/seeds.js';
import { PASSWORDS, countWhere, mutatingRequests, startWorld, type World } from '../support/world.js';
import type { CliResult } from '../support/cli.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function open(yaml: string, seed = CONVERGED_BASIC, options = {}): Promise<World> {
  world = await startWorld(yaml, { seed, ...options });
  return world;
}

const APPLY = ['apply', '-f', 'users.yaml', '--auto-approve', '--secrets-out', 'secrets.json'];

function readSecrets(w: World): { users: Record<string, Record<string, string>> } {
  return JSON.parse(readFileSync(w.secretsPath, 'utf8'));
}

function everyOutput(results: CliResult[]): string[] {
  return results.flatMap((r) => [r.stdout, r.stderr]);
}

describe('apply', () => {
  it('bootstraps a fresh server: admin init, users, keys for an admin and a standard user', async () => {
    const w = await open(BASIC, { users: [] });
    const first = await w.cli(APPLY);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Apply complete! Resources: 6 added, 0 changed, 0 replaced, 0 destroyed.');

    expect(w.emulator.findUser('admin')).toMatchObject({ id: 1, role: 'admin' });
    expect(w.emulator.findUser('alice')).toMatchObject({ role: 'admin' });
    expect(w.emulator.findUser('bob')?.apiKeys.map((k) => k.description)).toEqual(['laptop']);

    expect(statSync(w.secretsPath).mode & 0o777).toBe(0o600);
    const secrets = readSecrets(w);
    expect(Object.keys(secrets.users).sort()).toEqual(['admin', 'alice', 'bob']);
    for (const [username, keys] of Object.entries(secrets.users)) {
      for (const raw of Object.values(keys)) {
        const me = await fetch(`${w.emulator.url}/api/users/me`, { headers: { 'X-API-Key': raw } });
        expect(me.status).toBe(200);
        expect((await me.json()).Username).toBe(username);
      }
    }

    w.emulator.clearRequests();
    const second = await w.cli(APPLY);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes.');
    expect(mutatingRequests(w.emulator)).toEqual([]);

    const raws = Object.values(secrets.users).flatMap((keys) => Object.values(keys));
    expectNoSecretsIn([...everyOutput([first, second]), ...filesWritten(w.dir, [w.secretsPath])], [...Object.values(PASSWORDS), ...raws]);
  });

  it('refuses a plan that creates keys without --secrets-out, before changing anything', async () => {
    const w = await open(BASIC, { users: [] });
    const result = await w.cli(['apply', '-f', 'users.yaml', '--auto-approve']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--secrets-out');
    expect(mutatingRequests(w.emulator)).toEqual([]);
  });

  it('needs --auto-approve without a terminal and changes nothing otherwise', async () => {
    const w = await open(manifest([{ username: 'carol', passwordEnv: 'CAROL_PASSWORD' }]));
    const result = await w.cli(['apply', '-f', 'users.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--auto-approve');
    expect(mutatingRequests(w.emulator)).toEqual([]);
  });

  it('updates a user differing only in case in place', async () => {
    const yaml = manifest([{ username: 'Alice', role: 'standard', passwordEnv: 'ALICE_PASSWORD' }]);
    const w = await open(yaml, { users: [seedAdmin(), { username: 'alice', password: PASSWORDS.alice, role: 'admin' }] });
    const result = await w.cli(APPLY);
    expect(result.code).toBe(0);
    expect(w.emulator.listUsers().map((u) => `${u.username}:${u.role}`)).toEqual(['admin:admin', 'alice:standard']);
    expect(countWhere(w.emulator, 'POST', /^\/api\/users$/)).toBe(0);
  });

  it('prunes unlisted users but never protected ones or the identity it runs as', async () => {
    const seed = {
      users: [
        seedAdmin(),
        { username: 'ops', password: 'ops-password-0001', role: 'admin' as const },
        { username: 'dave', password: 'dave-password-01' },
        { username: 'break-glass-1', password: 'glass-password-01', role: 'admin' as const },
      ],
    };
    const w = await open(manifest([], 'prune:\n  users: true\n  protect: ["break-glass-*"]\n'), seed);
    const result = await w.cli(APPLY, { PORTAINER_USERNAME: 'ops', PORTAINER_PASSWORD: 'ops-password-0001' });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Warning: user\.ops: not deleted: it is the identity this tool runs as/m);
    expect(w.emulator.listUsers().map((u) => u.username).sort()).toEqual(['admin', 'break-glass-1', 'ops']);
  });

  it('refuses a stale saved plan and changes nothing; applies a fresh one', async () => {
    const w = await open(manifest([{ username: 'carol', passwordEnv: 'CAROL_PASSWORD' }]));
    expect((await w.cli(['plan', '-f', 'users.yaml', '--out', 'plan.json'])).code).toBe(0);
    w.emulator.setRole('bob', 'admin');
    w.emulator.clearRequests();
    const stale = await w.cli(['apply', 'plan.json']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('saved plan is stale');
    expect(mutatingRequests(w.emulator)).toEqual([]);

    expect((await w.cli(['plan', '-f', 'users.yaml', '--out', 'plan.json'])).code).toBe(0);
    const fresh = await w.cli(['apply', 'plan.json']);
    expect(fresh.code).toBe(0);
    expect(w.emulator.findUser('carol')).toBeDefined();
  });

  it('refuses a saved plan whose manifest changed', async () => {
    const w = await open(manifest([{ username: 'carol', passwordEnv: 'CAROL_PASSWORD' }]));
    expect((await w.cli(['plan', '-f', 'users.yaml', '--out', 'plan.json'])).code).toBe(0);
    w.writeManifest(manifest([{ username: 'carol', role: 'admin', passwordEnv: 'CAROL_PASSWORD' }]));
    const stale = await w.cli(['apply', 'plan.json']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('saved plan is stale');
    expect(w.emulator.findUser('carol')).toBeUndefined();
  });

  it('carries on when someone else initialised the admin first (409)', async () => {
    const w = await open(manifest([{ username: 'carol', passwordEnv: 'CAROL_PASSWORD' }]), { users: [seedAdmin()] });
    // The plan sees no admin; by the time apply initialises, someone else has.
    w.emulator.injectFault({ method: 'GET', path: '/api/users/admin/check', status: 404, message: 'No administrator account found inside the database' });
    const result = await w.cli(APPLY);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/already had an administrator/);
    expect(countWhere(w.emulator, 'POST', /^\/api\/users\/admin\/init$/)).toBe(1);
    expect(w.emulator.findUser('carol')).toBeDefined();
  });

  it('converges after a response lost in transit, creating nothing twice', async () => {
    const w = await open(manifest([
      { username: 'carol', passwordEnv: 'CAROL_PASSWORD' },
      { username: 'dave', passwordEnv: 'BOB_PASSWORD' },
    ]));
    w.emulator.injectFault({ method: 'POST', path: '/api/users', drop: 'response' });
    // The lost answer is settled by re-reading the users: carol is there, so she counts as created.
    const first = await w.cli(APPLY);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Note: user\.(carol|dave): POST \/api\/users got no clear answer, but re-reading the server shows it took effect/);

    const second = await w.cli(APPLY);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes.');
    expect(w.emulator.listUsers().map((u) => u.username).sort()).toEqual(['admin', 'alice', 'bob', 'carol', 'dave']);
  });

  it('stops at a failed change and reports what was applied, what failed and what was not attempted', async () => {
    const w = await open(manifest([
      { username: 'carol', passwordEnv: 'CAROL_PASSWORD' },
      { username: 'bob', passwordEnv: 'BOB_PASSWORD', apiKeys: ['laptop', 'extra'] },
    ]));
    w.emulator.injectFault({ method: 'POST', path: '/api/users', status: 409, message: 'Another user with the same username already exists' });
    const failed = await w.cli(APPLY);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^Error: apply failed at user\.carol: .*409.*Another user with the same username already exists/m);
    expect(failed.stdout).toMatch(/Failed \(1\):\n  ! user\.carol\n/);
    expect(failed.stdout).not.toMatch(/Error/);
    expect(failed.stdout).toMatch(/Not attempted \(1\):\n  \+ user\.bob\.apiKey\[extra\]/);
    expect(w.emulator.findUser('bob')?.apiKeys.map((k) => k.description)).toEqual(['laptop']);

    const second = await w.cli(APPLY);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('2 added');
  });

  it('creates a key for each of a dozen users without tripping the rate-limit ban', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `user${String(i).padStart(2, '0')}`);
    const env = Object.fromEntries(names.map((n) => [`${n.toUpperCase()}_PASSWORD`, `${n}-password-long`]));
    const w = await open(manifest(names.map((n) => ({ username: n, passwordEnv: `${n.toUpperCase()}_PASSWORD`, apiKeys: ['deploy'] }))), {
      users: [seedAdmin()],
    });
    const result = await w.cli(APPLY, env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(Object.keys(readSecrets(w).users)).toHaveLength(12);
    expect(w.emulator.requests.some((r) => r.status === 403)).toBe(false);
    expectNoSecretsIn(everyOutput([result]), Object.values(env));
  }, 120_000);
});
