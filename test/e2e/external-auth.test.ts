import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { manifest } from '../support/manifests.js';
import { expectNoSecretsIn, filesWritten } from '../support/secrets.js';
import { seedAdmin } from '../support/seeds.js';
import { mutatingRequests, PASSWORDS, startWorld, type World } from '../support/world.js';

/** LDAP and OAuth Portainers, and passwords checked and reset on purpose, end to end against the emulator. */

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const DIRECTORY = { DORA_PASSWORD: 'dora-directory-secret', ERIN_PASSWORD: 'erin-directory-secret' };
const APPLY = ['apply', '-f', 'users.yaml', '--auto-approve', '--secrets-out', 'secrets.json'];

describe('an LDAP Portainer', () => {
  it("creates users without passwords, mints an LDAP user's key with its directory password, and then plans no changes", async () => {
    world = await startWorld(
      manifest([
        { username: 'dora', passwordEnv: 'DORA_PASSWORD', apiKeys: ['ci'] },
        { username: 'erin', passwordEnv: 'ERIN_PASSWORD' },
      ]),
      {
        authentication: 'ldap',
        seed: { users: [seedAdmin()], directory: [{ username: 'dora', password: DIRECTORY.DORA_PASSWORD }, { username: 'erin', password: DIRECTORY.ERIN_PASSWORD }] },
      },
    );
    const applied = await world.cli(APPLY, DIRECTORY);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    // The emulator refuses a password on create under LDAP, as Portainer does: these creates sent none.
    expect(world.emulator.findUser('erin')).toBeDefined();
    const raw = JSON.parse(readFileSync(world.secretsPath, 'utf8')).users.dora.ci as string;
    const me = await fetch(`${world.emulator.url}/api/users/me`, { headers: { 'X-API-Key': raw } });
    expect((await me.json()).Username).toBe('dora');
    const again = await world.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode'], DIRECTORY);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');
    expectNoSecretsIn([applied.stdout, applied.stderr, again.stdout, ...filesWritten(world.dir, [world.secretsPath])], [...Object.values(DIRECTORY), PASSWORDS.admin, raw]);
  });
});

describe('what the plan says of a directory', () => {
  it('says that a user of an LDAP or OAuth Portainer is created without a password, as apply then creates it', async () => {
    world = await startWorld(manifest([{ username: 'erin', passwordEnv: 'ERIN_PASSWORD' }]), { authentication: 'ldap', seed: { users: [seedAdmin()] } });
    const plan = await world.cli(['plan', '-f', 'users.yaml'], DIRECTORY);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/^\s+password: none \(an LDAP or OAuth Portainer refuses one/m);
    expect(plan.stdout).not.toMatch(/set from the manifest/);
    const json = await world.cli(['plan', '-f', 'users.yaml', '--json'], DIRECTORY);
    expect((JSON.parse(json.stdout) as { changes: { after: unknown }[] }).changes.map((change) => change.after)).toEqual([{ username: 'erin', role: 'standard', password: 'none' }]);
    // The emulator, as Portainer, answers 400 to a password on create under LDAP: the apply sent none.
    const applied = await world.cli(APPLY, DIRECTORY);
    expect(applied.code, applied.stderr).toBe(0);
    expect(world.emulator.findUser('erin')).toBeDefined();
  });

  it('predicts that the login creating a key adds memberships on a team-sync server, then holds their removal naming that cause', async () => {
    const yaml = `${manifest([{ username: 'dora', passwordEnv: 'DORA_PASSWORD', apiKeys: ['ci'] }])}teams:\n  - name: ops\n`;
    world = await startWorld(yaml, {
      authentication: 'ldap',
      teamSync: true,
      seed: { users: [seedAdmin(), { username: 'dora' }], teams: [{ name: 'ops' }], directory: [{ username: 'dora', password: DIRECTORY.DORA_PASSWORD, groups: ['ops'] }] },
    });
    const plan = await world.cli(['plan', '-f', 'users.yaml', '--json'], DIRECTORY);
    expect(plan.code, plan.stderr).toBe(0);
    const codes = (JSON.parse(plan.stdout) as { problems: { code: string; address: string }[] }).problems.map((problem) => `${problem.code} ${problem.address}`);
    expect(codes).toEqual(['keys.login-syncs-teams user.dora']);
    expect(plan.stderr).toMatch(/^Warning: user\.dora: creating dora's API keys logs in as dora/m);

    const applied = await world.cli(APPLY, DIRECTORY);
    expect(applied.code, applied.stderr).toBe(0);
    // The key's login put dora in ops, as the plan said it might.
    expect(world.emulator.listTeams().find((team) => team.name === 'ops')?.members.map((member) => member.username)).toEqual(['dora']);
    const drift = await world.cli(['drift', '-f', 'users.yaml', '--format', 'json'], DIRECTORY);
    expect(drift.code).toBe(2);
    const held = (JSON.parse(drift.stdout) as { held: { address: string; code: string; message: string }[] }).held;
    expect(held.map((entry) => `${entry.code} ${entry.address}`)).toEqual(['held.team-sync team.ops.member[dora]']);
    expect(held[0]?.message).toMatch(/the tool's own login to create its API keys counts/);
  });
});

describe('what cannot work is a plan error, with no write', () => {
  it("refuses a key for a user of an OAuth Portainer, and a password over bcrypt's 72 bytes", async () => {
    world = await startWorld(manifest([{ username: 'olga', passwordEnv: 'CAROL_PASSWORD', apiKeys: ['ci'] }]), { authentication: 'oauth', seed: { users: [seedAdmin()] } });
    const oauth = await world.cli(APPLY);
    expect(oauth.code).toBe(1);
    expect(oauth.stderr).toMatch(/^Error: user\.olga\.apiKey\[ci\]: an OAuth Portainer lets nobody but user Id 1 log in with a password/m);
    expect(mutatingRequests(world.emulator)).toEqual([]);
    await world.close();

    world = await startWorld(manifest([{ username: 'long', passwordEnv: 'LONG_PASSWORD' }]), { seed: { users: [seedAdmin()] } });
    const long = await world.cli(APPLY, { LONG_PASSWORD: 'é'.repeat(40) });
    expect(long.code).toBe(1);
    expect(long.stderr).toMatch(/^Error: user\.long: long's password is 80 bytes \(40 characters\) long, more than the 72 bytes bcrypt takes/m);
    expect(mutatingRequests(world.emulator)).toEqual([]);
  });
});

describe('passwords.verify', () => {
  it('finds exactly the users whose passwords differ, resets them, and then plans nothing, with no ban', async () => {
    const names = ['ann', 'ben', 'cat', 'dan', 'eve', 'fay'];
    const env = Object.fromEntries(names.map((name) => [`${name.toUpperCase()}_PASSWORD`, `${name}-manifest-password`]));
    const changed = new Set(['ben', 'eve']);
    world = await startWorld(`${manifest(names.map((name) => ({ username: name, passwordEnv: `${name.toUpperCase()}_PASSWORD` })))}passwords:\n  verify: true\n`, {
      seed: {
        users: [seedAdmin(), ...names.map((name) => ({ username: name, password: changed.has(name) ? `${name}-changed-behind-git` : `${name}-manifest-password` }))],
      },
    });
    const plan = await world.cli(['plan', '-f', 'users.yaml', '--json'], env);
    expect(plan.code).toBe(0);
    const changes = JSON.parse(plan.stdout).changes as { address: string; kind: string }[];
    expect(changes.map((change) => `${change.kind} ${change.address}`)).toEqual(['user-password user.ben.password', 'user-password user.eve.password']);

    const drift = await world.cli(['drift', '-f', 'users.yaml', '--json'], env);
    expect(drift.code).toBe(2);
    expect(JSON.parse(drift.stdout).drift.map((item: { kind: string }) => item.kind)).toEqual(['password-differs', 'password-differs']);

    const applied = await world.cli(['apply', '-f', 'users.yaml', '--auto-approve'], env);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/user\.ben\.password: reset to the manifest's password; ben's open sessions ended/);
    for (const name of changed) {
      const login = await fetch(`${world.emulator.url}/api/auth`, { method: 'POST', body: JSON.stringify({ username: name, password: env[`${name.toUpperCase()}_PASSWORD`] }) });
      expect(login.status).toBe(200);
    }
    const again = await world.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode'], env);
    expect(again.code).toBe(0);
    expect(world.emulator.requests.filter((request) => request.status === 403 && request.path === '/api/auth')).toEqual([]);
    expectNoSecretsIn([plan.stdout, plan.stderr, drift.stdout, applied.stdout, applied.stderr, again.stdout, ...filesWritten(world.dir)], [...Object.values(env), ...names.map((name) => `${name}-changed-behind-git`)]);
  }, 60_000);
});
