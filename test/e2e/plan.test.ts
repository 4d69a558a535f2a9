import { afterEach, describe, expect, it } from 'vitest';
import { BASIC, manifest } from '../support/manifests.js';
import { expectNoSecretsIn } from '../support/secrets.js';
import { CONVERGED_BASIC, seedAdmin } from '../support/seeds.js';
import { PASSWORDS, countWhere, mutatingRequests, startWorld, type World } from '../support/world.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function open(yaml: string, seed = CONVERGED_BASIC): Promise<World> {
  world = await startWorld(yaml, { seed });
  return world;
}

describe('plan', () => {
  it('on a fresh server plans admin init and every create, changing nothing (exit 2)', async () => {
    const w = await open(BASIC, { users: [] });
    const result = await w.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('admin');
    expect(result.stdout).toContain('user.alice');
    expect(result.stdout).toContain('user.bob.apiKey[laptop]');
    expect(result.stdout).toMatch(/Plan: 6 to add, 0 to change, 0 to replace, 0 to destroy\./);
    expect(w.emulator.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(w.emulator.listUsers()).toHaveLength(0);
  });

  it('prints the plan object with --json', async () => {
    const w = await open(BASIC, { users: [] });
    const result = await w.cli(['plan', '-f', 'users.yaml', '--json']);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan.formatVersion).toBe(1);
    expect(plan.manifest).toBe('users.yaml');
    expect(plan.manifestDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(plan.observedDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(plan.changes[0]).toEqual({ address: 'admin', kind: 'admin-init', action: 'create', before: null, after: { username: 'admin' } });
    expect(plan.summary).toEqual({ create: 6, update: 0, replace: 0, delete: 0 });
  });

  it('on a converged server says No changes, exits 0 and only reads', async () => {
    const w = await open(BASIC);
    const result = await w.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No changes.');
    expect(mutatingRequests(w.emulator)).toEqual([]);
    // GET /users once; one key list per key-managed user; alice is another admin: read as alice.
    expect(countWhere(w.emulator, 'GET', /^\/api\/users$/)).toBe(1);
    expect(countWhere(w.emulator, 'GET', /^\/api\/users\/\d+\/tokens$/)).toBe(3);
    expect(countWhere(w.emulator, 'POST', /^\/api\/auth$/)).toBe(2);
    const reads = w.emulator.requests.filter((r) => r.method === 'GET').map((r) => r.path.replace(/\d+/g, 'N'));
    // The public status call says which instance this is (plan shows it; a fleet file pins it).
    expect(new Set(reads)).toEqual(
      new Set(['/api/system/status', '/api/settings/public', '/api/users/admin/check', '/api/users', '/api/users/N/tokens']),
    );
    expect(countWhere(w.emulator, 'GET', /^\/api\/(system\/)?status$/)).toBe(1);
  });

  it('updates a user whose name differs only in case, never creates and deletes it', async () => {
    const yaml = manifest([{ username: 'ALICE', role: 'standard', passwordEnv: 'ALICE_PASSWORD' }], 'prune:\n  users: false\n');
    const w = await open(yaml, { users: [seedAdmin(), { username: 'alice', password: PASSWORDS.alice, role: 'admin' }] });
    const result = await w.cli(['plan', '-f', 'users.yaml', '--json']);
    const plan = JSON.parse(result.stdout);
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({ address: 'user.ALICE', kind: 'user', action: 'update', before: { role: 'admin' }, after: { role: 'standard' } });
  });

  it('deletes unlisted users only with prune on, and never protected ones', async () => {
    const seed = {
      users: [seedAdmin(), { username: 'dave', password: 'dave-password-01' }, { username: 'break-glass-1', password: 'glass-password-01' }],
    };
    const w = await open(manifest([]), seed);
    let plan = JSON.parse((await w.cli(['plan', '-f', 'users.yaml', '--json'])).stdout);
    expect(plan.changes).toEqual([]);

    w.writeManifest(manifest([], 'prune:\n  users: true\n  protect: ["break-glass-*"]\n'));
    plan = JSON.parse((await w.cli(['plan', '-f', 'users.yaml', '--json'])).stdout);
    expect(plan.changes.map((c: { address: string; action: string }) => `${c.action} ${c.address}`)).toEqual(['delete user.dave']);
  });

  it('refuses a plan deleting more than maxDeletes unless --allow-mass-delete', async () => {
    const seed = { users: [seedAdmin(), { username: 'dave', password: 'dave-password-01' }, { username: 'erin', password: 'erin-password-01' }] };
    const w = await open(manifest([], 'prune:\n  users: true\n  maxDeletes: 1\n'), seed);
    const refused = await w.cli(['plan', '-f', 'users.yaml']);
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(/maxDeletes|mass/i);
    const allowed = await w.cli(['plan', '-f', 'users.yaml', '--allow-mass-delete', '--detailed-exitcode']);
    expect(allowed.code).toBe(2);
    expect(allowed.stdout).toMatch(/2 to destroy/);
  });

  it("holds an admin's keys with a warning when the manifest has no password for that admin, and plans the rest", async () => {
    const yaml = manifest([{ username: 'alice', role: 'admin', apiKeys: ['deploy'] }, { username: 'bob', passwordEnv: 'BOB_PASSWORD' }]);
    const w = await open(yaml, { users: [seedAdmin(), { username: 'alice', password: PASSWORDS.alice, role: 'admin' }] });
    const result = await w.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode']);
    // The warning is the one line on stderr (the streams rule: docs/commands.md).
    expect(result.stderr).toMatch(/^Warning: user\.alice\.apiKeys: [^\n]*\n$/);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('+ user.bob');
    expect(countWhere(w.emulator, 'GET', /tokens$/)).toBe(0);
  });

  it('never prints a password', async () => {
    const w = await open(BASIC, { users: [] });
    const outputs = [];
    for (const args of [['plan', '-f', 'users.yaml'], ['plan', '-f', 'users.yaml', '--json', '--out', 'plan.json']]) {
      const result = await w.cli(args);
      outputs.push(result.stdout, result.stderr);
    }
    const { readFileSync } = await import('node:fs');
    outputs.push(readFileSync(`${w.dir}/plan.json`, 'utf8'));
    expectNoSecretsIn(outputs, Object.values(PASSWORDS));
  });
});
