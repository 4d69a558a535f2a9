import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { HEADER, manifest } from '../support/manifests.js';
import { seedAdmin } from '../support/seeds.js';
import { ADMIN_LOGIN, mutatingRequests, NO_PASSWORDS, PASSWORDS, startWorld, type World } from '../support/world.js';

/**
 * What a new user met (issue 28), end to end: export's round trip of a grant
 * whose RoleId is no role, export's and drift --write's counts, and
 * passwords.verify saying whom it could not check.
 */

type PlanJson = { changes: unknown[]; problems: { severity: string; code: string; address: string; roleId?: number; usernames?: string[]; count?: number; checked?: number }[] };

// Business Edition, as its Kubernetes namespace screen leaves it: grants with RoleId 0, which GET /roles does not list.
const BUSINESS: EmulatorSeed = {
  users: [seedAdmin(), { username: 'alice', password: PASSWORDS.alice }, { username: 'bob', password: PASSWORDS.bob }],
  teams: [{ name: 'ops', members: ['alice'] }],
  environmentGroups: [{ name: 'edge', teams: [{ name: 'ops', roleId: 0 }] }],
  environments: [{ name: 'production', users: [{ name: 'alice', roleId: 0 }, { name: 'bob', roleId: 5 }] }],
};

describe('a Business Edition grant whose RoleId is no role', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(HEADER, { edition: 'be', seed: BUSINESS });
  });
  afterAll(() => world.close());

  it('is exported in a form the plan reads back as the same grant: no change, and a warning that it gives nothing', async () => {
    const exported = await world.cli(['export', '--output', 'exported.yaml'], ADMIN_LOGIN);
    expect(exported.code, exported.stderr).toBe(0);
    // Every section the file holds is counted, as written (issue 28, row 11).
    expect(exported.stderr).toMatch(/^Wrote 3 users, 1 team, 1 environment and 1 environment group to exported\.yaml\./m);
    const text = readFileSync(join(world.dir, 'exported.yaml'), 'utf8');
    expect(text.match(/^ +role: \{ id: 0 \}$/gm)).toHaveLength(2);

    world.emulator.clearRequests();
    const plan = await world.cli(['plan', '-f', 'exported.yaml', '--json', '--detailed-exitcode'], { ...ADMIN_LOGIN, ...NO_PASSWORDS });
    expect(plan.code, plan.stderr).toBe(0);
    const parsed = JSON.parse(plan.stdout) as PlanJson;
    expect(parsed.changes).toEqual([]);
    expect(parsed.problems.map((problem) => [problem.severity, problem.code, problem.address, problem.roleId])).toEqual([
      ['warning', 'access.role-gives-nothing', 'environment.production.user[alice]', 0],
      ['warning', 'access.role-gives-nothing', 'environmentGroup.edge.team[ops]', 0],
    ]);
    expect(mutatingRequests(world.emulator)).toEqual([]);
  });

  it('is accepted by drift --write in the same form, and the patched manifest plans no change', async () => {
    world.writeManifest(`${HEADER}users:\n  - username: alice\n  - username: bob\nenvironments:\n  - name: production\n    users:\n      - { name: bob, role: operator }\n`);
    const written = await world.cli(['drift', '-f', 'users.yaml', '--write'], ADMIN_LOGIN);
    expect(written.code, written.stderr).toBe(2);
    expect(readFileSync(world.manifestPath, 'utf8')).toMatch(/- name: alice\n\s+role: \{ id: 0 \}/);
    const plan = await world.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode'], { ...ADMIN_LOGIN, ...NO_PASSWORDS });
    expect(plan.code, plan.stderr).toBe(0);
  });

  it('written as earlier versions exported it (role: Id 0) is an error whose sentence gives the form that works', async () => {
    world.writeManifest(`${HEADER}users:\n  - username: alice\nenvironments:\n  - name: production\n    users:\n      - { name: alice, role: Id 0 }\n`);
    const plan = await world.cli(['plan', '-f', 'users.yaml', '--json'], { ...ADMIN_LOGIN, ...NO_PASSWORDS });
    expect(plan.code).toBe(1);
    expect((JSON.parse(plan.stdout) as PlanJson).problems.filter((problem) => problem.severity === 'error').map((problem) => problem.code)).toEqual(['access.role-unknown']);
    expect(plan.stderr).toMatch(/^Error: .*environment\.production\.user\[alice\]: .*role: \{ id: 0 \}/m);
  });
});

describe('drift --write', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(HEADER, { seed: { users: [seedAdmin(), { username: 'alice', password: PASSWORDS.alice }, { username: 'bob', password: PASSWORDS.bob }], teams: [{ name: 'ops', members: ['alice'] }] } });
  });
  afterAll(() => world.close());

  it('counts the differences its edits accept so that they add up with the report (one edit may accept several)', async () => {
    // A team the server lacks, with two memberships, and a role: four differences, two edits.
    world.writeManifest(`${HEADER}users:\n  - username: alice\n  - username: bob\n    role: admin\nteams:\n  - name: ops\n    members: [alice]\n  - name: devs\n    members: [alice, bob]\n`);
    const written = await world.cli(['drift', '-f', 'users.yaml', '--write'], ADMIN_LOGIN);
    expect(written.code, written.stderr).toBe(2);
    const differences = Number(/^Drift: (\d+) differences/m.exec(written.stdout)?.[1]);
    const [, edits, accepted] = /^Wrote users\.yaml: (\d+) edits accept all (\d+) differences\.$/m.exec(written.stdout) ?? [];
    expect([differences, Number(accepted)]).toEqual([4, 4]);
    expect(written.stdout.split('\n').filter((line) => /^ {2}[-+~] /.test(line))).toHaveLength(Number(edits));
    const plan = await world.cli(['plan', '-f', 'users.yaml', '--detailed-exitcode'], ADMIN_LOGIN);
    expect(plan.code, plan.stdout).toBe(0);
  });
});

describe('passwords.verify', () => {
  let world: World;
  const names = ['ann', 'ben', 'cat', 'dan', 'eve'];
  beforeAll(async () => {
    world = await startWorld(`${manifest(names.map((name) => ({ username: name, passwordEnv: `${name.toUpperCase()}_PASSWORD` })))}passwords:\n  verify: true\n`, {
      seed: { users: [seedAdmin(), ...names.map((name) => ({ username: name, password: `${name}-manifest-password` }))] },
    });
  });
  afterAll(() => world.close());

  it('names the users whose password it could not check (their variable is unset), and counts them in the JSON plan and drift', async () => {
    // ann and ben are set (with the admin: 3 checked); cat, dan and eve are not.
    const env = { ANN_PASSWORD: 'ann-manifest-password', BEN_PASSWORD: 'ben-manifest-password' };
    const plan = await world.cli(['plan', '-f', 'users.yaml', '--json'], env);
    expect(plan.code, plan.stderr).toBe(0);
    const warning = (JSON.parse(plan.stdout) as PlanJson).problems.find((problem) => problem.code === 'passwords.not-verified');
    expect(warning).toMatchObject({ severity: 'warning', usernames: ['cat', 'dan', 'eve'], count: 3, checked: 3 });
    expect(plan.stderr).toMatch(/^Warning: passwords\.verify: .*cat, dan and eve/m);

    const drift = await world.cli(['drift', '-f', 'users.yaml', '--format', 'json'], env);
    expect(drift.code, drift.stderr).toBe(0);
    expect((JSON.parse(drift.stdout) as { warnings: { code: string }[] }).warnings.map((entry) => entry.code)).toEqual(['passwords.not-verified']);
  });
});
