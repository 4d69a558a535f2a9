import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { HEADER } from '../support/manifests.js';
import { seedAdmin } from '../support/seeds.js';
import { PASSWORDS, mutatingRequests, worldPerTest } from '../support/world.js';

/**
 * `previously` end to end: a user and a team renamed in place keep their Id
 * and everything keyed by it; every conflict is a plan error with its code
 * and position, and apply writes nothing; `safety.minAdmins` refuses a plan
 * that would leave too few administrators.
 */

const open = worldPerTest();

const RAW_BOB = `ptr_${'b'.repeat(43)}=`;

/** The server before: bob with a key, in team ops, with access to production. */
const BEFORE: EmulatorSeed = {
  users: [seedAdmin(), { username: 'bob', password: PASSWORDS.bob, apiKeys: [{ description: 'deploy', key: RAW_BOB }] }, { username: 'carol', password: PASSWORDS.carol }],
  teams: [{ name: 'ops', members: ['bob'] }],
  environments: [{ name: 'production', users: [{ name: 'bob' }] }],
};

/** bob is robert now, ops is platform; prune on, so a rename done as delete and create would show. */
const RENAMED = `${HEADER}users:
  - username: robert
    previously: [bob]
    password: { env: BOB_PASSWORD }
    apiKeys:
      - description: deploy
  - username: carol
teams:
  - name: platform
    previously: [ops]
    members: [robert]
environments:
  - name: production
    users: [robert]
prune:
  users: true
  teams: true
`;

describe('renames in place', () => {
  it('renames a user and a team with one PUT each: the Id, the key, the membership and the grant stay, and the next plan is empty', async () => {
    const w = await open(RENAMED, BEFORE);
    const bobId = w.emulator.findUser('bob')?.id;
    const plan = await w.cli(['plan', '-f', 'users.yaml', '--out', 'plan.json']);
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain('~ user.robert\n      username: "bob" -> "robert"');
    expect(plan.stdout).toContain('~ team.platform\n      name: "ops" -> "platform"');
    expect(plan.stdout).toContain('Plan: 0 to add, 2 to change, 0 to replace, 0 to destroy.');

    w.emulator.clearRequests();
    const applied = await w.cli(['apply', 'plan.json']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    // Renames go first, by address: team.platform, then user.robert.
    expect(mutatingRequests(w.emulator).map((request) => `${request.method} ${request.path}`)).toEqual(['PUT /api/teams/1', `PUT /api/users/${bobId}`]);

    expect(w.emulator.findUser('robert')).toMatchObject({ id: bobId, apiKeys: [expect.objectContaining({ description: 'deploy' })] });
    const me = await fetch(`${w.emulator.url}/api/users/me`, { headers: { 'X-API-Key': RAW_BOB } });
    expect(await me.json()).toMatchObject({ Id: bobId, Username: 'robert' });
    expect(w.emulator.listTeams()).toEqual([{ id: 1, name: 'platform', members: [{ userId: bobId, username: 'robert', role: 'member' }] }]);
    expect(w.emulator.listAccess().find((holder) => holder.name === 'production')?.users).toEqual([expect.objectContaining({ id: bobId, name: 'robert' })]);

    const next = await w.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode']);
    expect(next.stdout).toContain('No changes.');
    expect(next.code).toBe(0);
    const drift = await w.cli(['drift', '-f', 'users.yaml']);
    expect(drift.code).toBe(0);
  });

  it('names the renamed user by its Id and new name in every later change: promotion, password reset, membership, grant, and the key login', async () => {
    const seed: EmulatorSeed = {
      users: [seedAdmin(), { username: 'bob', password: 'an-older-password-1', apiKeys: [{ description: 'deploy', key: RAW_BOB }] }],
      teams: [{ name: 'ops', members: ['bob'] }, { name: 'dev' }],
      environments: [{ name: 'production', users: [{ name: 'bob' }] }, { name: 'staging' }],
    };
    const yaml = `${HEADER}users:
  - username: robert
    previously: [bob]
    role: admin
    password: { env: BOB_PASSWORD }
    apiKeys:
      - description: deploy
      - description: laptop
    teams: [ops, dev]
environments:
  - name: production
    users: [robert]
  - name: staging
    users: [robert]
passwords:
  verify: true
`;
    const w = await open(yaml, seed);
    const bobId = w.emulator.findUser('bob')?.id;
    const applied = await w.cli(['apply', '-f', 'users.yaml', '--auto-approve', '--secrets-out', 'secrets.json']);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('Apply complete! Resources: 3 added, 3 changed, 0 replaced, 0 destroyed.');
    expect(w.emulator.findUser('robert')).toMatchObject({ id: bobId, role: 'admin' });
    const laptop = (JSON.parse(readFileSync(join(w.dir, 'secrets.json'), 'utf8')) as { users: Record<string, Record<string, string>> }).users['robert']?.['laptop'];
    for (const raw of [RAW_BOB, laptop as string]) {
      expect(await (await fetch(`${w.emulator.url}/api/users/me`, { headers: { 'X-API-Key': raw } })).json()).toMatchObject({ Id: bobId, Username: 'robert' });
    }
    expect(w.emulator.listTeams().map((team) => `${team.name}:${team.members.map((member) => member.userId).join()}`)).toEqual([`ops:${bobId}`, `dev:${bobId}`]);
    expect(w.emulator.listAccess().filter((holder) => holder.users.some((user) => user.id === bobId)).map((holder) => holder.name).sort()).toEqual(['production', 'staging']);
    const next = await w.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode']);
    expect(next.stdout).toContain('No changes.');
    expect(next.code).toBe(0);
  });

  it('moves the renamed user\'s entries in the secrets file to its new name: a key made before the rename is found there, and nothing is left under the old name', async () => {
    const bob = `${HEADER}users:\n  - username: bob\n    password: { env: BOB_PASSWORD }\n    apiKeys:\n      - description: deploy\n`;
    const w = await open(bob, { users: [seedAdmin(), { username: 'bob', password: PASSWORDS.bob }] });
    const apply = ['apply', '-f', 'users.yaml', '--auto-approve', '--secrets-out', 'secrets.json'];
    expect((await w.cli(apply)).code).toBe(0);
    const readSecrets = () => JSON.parse(readFileSync(join(w.dir, 'secrets.json'), 'utf8')) as { users: Record<string, Record<string, string>>; keyIds: Record<string, Record<string, number>> };
    const before = readSecrets();
    const deploy = before.users['bob']?.['deploy'] as string;
    expect(deploy).toMatch(/^ptr_/);

    // bob is robert now, and gets a second key: the file has entries under the new name besides the moved ones.
    w.writeManifest(`${HEADER}users:\n  - username: robert\n    previously: [bob]\n    password: { env: BOB_PASSWORD }\n    apiKeys:\n      - description: deploy\n      - description: laptop\n`);
    const renamed = await w.cli(apply);
    expect(renamed.stderr).toBe('');
    expect(renamed.code).toBe(0);
    const after = readSecrets();
    expect(after.users).toEqual({ robert: { deploy, laptop: expect.stringMatching(/^ptr_/) } });
    expect(Object.keys(after.keyIds)).toEqual(['robert']);
    expect(after.keyIds['robert']?.['deploy']).toBe(before.keyIds['bob']?.['deploy']);
    expect(await (await fetch(`${w.emulator.url}/api/users/me`, { headers: { 'X-API-Key': deploy } })).json()).toMatchObject({ Username: 'robert' });
    expect((await w.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode'])).code).toBe(0);
  });

  it('reports a rename still to make as drift, which a patch leaves to apply', async () => {
    const w = await open(RENAMED, BEFORE);
    const drift = await w.cli(['drift', '-f', 'users.yaml', '--format', 'json']);
    expect(drift.code).toBe(2);
    const report = JSON.parse(drift.stdout);
    expect(report.drift.map((item: { kind: string; address: string }) => `${item.kind} ${item.address}`)).toEqual(['team-renamed team.platform', 'user-renamed user.robert']);
    expect(report.unmanaged).toEqual([]);
    const patch = await w.cli(['drift', '-f', 'users.yaml', '--format', 'patch']);
    expect(patch.stdout).toBe('');
    expect(patch.stderr).toContain('Not patched: user.robert: the manifest renames it');
  });

  it('renames the admin block it logs in as: under its earlier name first, under its new one after', async () => {
    const yaml = 'version: 1\nadmin:\n  username: root\n  previously: [admin]\n  password: { env: PORTAINER_ADMIN_PASSWORD }\nusers: []\n';
    const w = await open(yaml, { users: [seedAdmin()] });
    const applied = await w.cli(['apply', '-f', 'users.yaml', '--auto-approve']);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('username: "admin" -> "root"');
    expect(w.emulator.findUser('root')).toMatchObject({ id: 1, role: 'admin' });
    w.emulator.clearRequests();
    const next = await w.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode']);
    expect(next.code).toBe(0);
    // Logged in under the new name at once.
    expect(w.emulator.requests.filter((request) => request.path === '/api/auth').map((request) => request.status)).toEqual([200]);
  });
});

describe('examples/people-over-time.yaml', () => {
  it('plans the renames of last quarter\'s server in place, applies them, and then plans nothing', async () => {
    const example = readFileSync(new URL('../../examples/people-over-time.yaml', import.meta.url), 'utf8');
    const lastQuarter: EmulatorSeed = {
      users: [
        seedAdmin(),
        { username: 'alice', password: PASSWORDS.alice, role: 'admin' },
        { username: 'bob', password: PASSWORDS.bob, apiKeys: [{ description: 'deploy', key: RAW_BOB, dateCreated: Math.floor(Date.now() / 1000) - 86_400 }] },
        { username: 'carol', password: PASSWORDS.carol },
      ],
      teams: [{ name: 'ops', leaders: ['alice'], members: ['bob', 'carol'] }],
      environments: [{ name: 'production', users: [{ name: 'bob' }], teams: [{ name: 'ops' }] }],
    };
    const w = await open(example, lastQuarter);
    const env = { ROBERT_PASSWORD: PASSWORDS.bob };
    const plan = await w.cli(['plan', '-f', 'users.yaml', '--json'], env);
    expect(plan.stderr).toBe('');
    expect(JSON.parse(plan.stdout).changes.map((change: { action: string; address: string }) => `${change.action} ${change.address}`)).toEqual(['update team.platform', 'update user.robert']);
    expect((await w.cli(['apply', '-f', 'users.yaml', '--auto-approve'], env)).code).toBe(0);
    expect(await (await fetch(`${w.emulator.url}/api/users/me`, { headers: { 'X-API-Key': RAW_BOB } })).json()).toMatchObject({ Username: 'robert' });
    expect((await w.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode'], env)).code).toBe(0);
  });
});

/** Users bob, carol and robert; teams ops and Platform. */
const CROWDED: EmulatorSeed = {
  users: [seedAdmin(), { username: 'bob', password: PASSWORDS.bob }, { username: 'carol', password: PASSWORDS.carol }, { username: 'robert', password: PASSWORDS.bob }],
  teams: [{ name: 'ops' }, { name: 'Platform' }],
};

/** Each manifest's conflict: its code, address, and the line of the name it is about. */
const CONFLICTS: { name: string; users: string; teams?: string; code: string; address: string; line: number }[] = [
  { name: 'the new name taken by another user', users: '  - username: robert\n    previously: [bob]\n', code: 'rename.name-taken', address: 'user.robert', line: 7 },
  { name: 'an earlier name that is an entry too', users: '  - username: roberta\n    previously: [bob]\n  - username: bob\n', code: 'rename.previous-listed', address: 'user.roberta', line: 7 },
  {
    name: 'an earlier name two entries claim',
    users: '  - username: roberta\n    previously: [bob]\n  - username: bobby\n    previously:\n      - bob\n',
    code: 'rename.previous-claimed',
    address: 'user.bobby',
    line: 10,
  },
  { name: 'two earlier names both on the server', users: '  - username: roberta\n    previously: [bob, carol]\n', code: 'rename.ambiguous', address: 'user.roberta', line: 7 },
  {
    name: 'a team renamed to a name another team has',
    users: '  - username: bob\n',
    teams: 'teams:\n  - name: platform\n    previously: [ops]\n',
    code: 'rename.name-taken',
    address: 'team.platform',
    line: 9,
  },
];

describe('what a rename cannot do', () => {
  it.each(CONFLICTS)('$name: a plan error with its code and position, and apply writes nothing', async ({ users, teams, code, address, line }) => {
    const w = await open(`${HEADER}users:\n${users}${teams ?? ''}`, CROWDED);
    const plan = await w.cli(['plan', '-f', 'users.yaml', '--json']);
    expect(plan.code).toBe(1);
    expect(JSON.parse(plan.stdout).problems.filter((problem: { severity: string }) => problem.severity === 'error')).toMatchObject([{ code, address }]);
    expect(plan.stderr).toMatch(new RegExp(`^Error: users\\.yaml:${line}:\\d+: ${address.replace('.', '\\.')}: `));
    const applied = await w.cli(['apply', '-f', 'users.yaml', '--auto-approve']);
    expect(applied.code).toBe(1);
    expect(mutatingRequests(w.emulator)).toEqual([]);
  });
});

describe('safety.minAdmins', () => {
  it('refuses a plan that would leave one administrator where two are the minimum, writing nothing', async () => {
    const yaml = `${HEADER}users:\n  - username: alice\nsafety:\n  minAdmins: 2\n`;
    const w = await open(yaml, { users: [seedAdmin(), { username: 'alice', password: PASSWORDS.alice, role: 'admin' }] });
    const plan = await w.cli(['plan', '-f', 'users.yaml', '--json']);
    expect(plan.code).toBe(1);
    expect(JSON.parse(plan.stdout).problems).toMatchObject([{ severity: 'error', code: 'admins.below-minimum', address: 'safety.minAdmins', minimum: 2, before: 2, after: 1 }]);
    expect(plan.stderr).toMatch(/^Error: users\.yaml:8:\d+: safety\.minAdmins: the plan would leave 1 administrator \(the server has 2\)/);
    const applied = await w.cli(['apply', '-f', 'users.yaml', '--auto-approve']);
    expect(applied.code).toBe(1);
    expect(mutatingRequests(w.emulator)).toEqual([]);
    expect(w.emulator.findUser('alice')?.role).toBe('admin');
  });
});
