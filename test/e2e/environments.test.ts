import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan, preparePlan, type EmulatorOptions, type EmulatorSeed } from '../../src/index.js';
import { manifest, withPasswords } from '../support/manifests.js';
import { expectNoSecretsIn } from '../support/secrets.js';
import { seedAdmin } from '../support/seeds.js';
import { countWhere, mutatingRequests, PASSWORD_ENV, PASSWORDS, startWorld, type World } from '../support/world.js';

const USERS = manifest(withPasswords('alice', 'bob'), `teams:
  - name: ops
    members: [alice]
`);

const ACCESS = `${USERS}environments:
  - name: production
    users:
      - alice
      - { name: bob, role: operator }
    teams:
      - { name: ops, role: environment-admin }
  - name: staging
    teams: [ops]
environmentGroups:
  - name: edge
    users: [{ name: bob, role: read-only }]
`;

function seed(extra: Partial<EmulatorSeed> = {}): EmulatorSeed {
  return {
    users: [seedAdmin(), { username: 'alice', password: PASSWORDS.alice }, { username: 'bob', password: PASSWORDS.bob }],
    teams: [{ name: 'ops', members: ['alice'] }],
    environmentGroups: [{ name: 'edge' }],
    environments: [{ name: 'production' }, { name: 'staging' }, { name: 'lab', users: [{ name: 'bob', roleId: 4 }] }],
    ...extra,
  };
}

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function accessWorld(manifest = ACCESS, options: EmulatorOptions = {}, extra: Partial<EmulatorSeed> = {}): Promise<World> {
  world = await startWorld(manifest, { edition: 'be', seed: seed(extra), ...options });
  return world;
}

function grantsOf(w: World, name: string) {
  const found = w.emulator.listAccess().find((holder) => holder.name === name);
  if (!found) throw new Error(`no ${name}`);
  return { users: found.users.map(({ name: who, roleId }) => ({ who, roleId })), teams: found.teams.map(({ name: who, roleId }) => ({ who, roleId })) };
}

describe('environment access, end to end', () => {
  it('converges a fresh set of grants with one PUT per environment or group, then plans no change with no write', async () => {
    const w = await accessWorld();
    const applied = await w.cli(['apply', '-f', w.manifestPath, '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(countWhere(w.emulator, 'PUT', /^\/api\/endpoints\/\d+$/)).toBe(2);
    expect(countWhere(w.emulator, 'PUT', /^\/api\/endpoint_groups\/\d+$/)).toBe(1);
    // Business Edition's ids: environment-admin 1, read-only 4, operator 5, standard 3.
    expect(grantsOf(w, 'production')).toEqual({ users: [{ who: 'alice', roleId: 3 }, { who: 'bob', roleId: 5 }], teams: [{ who: 'ops', roleId: 1 }] });
    expect(grantsOf(w, 'staging').teams).toEqual([{ who: 'ops', roleId: 3 }]);
    expect(grantsOf(w, 'edge').users).toEqual([{ who: 'bob', roleId: 4 }]);

    w.emulator.clearRequests();
    const again = await w.cli(['plan', '-f', w.manifestPath, '--detailed-exitcode']);
    expect(again.code, again.stdout).toBe(0);
    expect(mutatingRequests(w.emulator)).toEqual([]);
    expectNoSecretsIn([applied.stdout, applied.stderr, again.stdout], Object.values(PASSWORDS));
  });

  it('leaves environments the manifest does not list alone: never written, never drift', async () => {
    const w = await accessWorld();
    await w.cli(['apply', '-f', w.manifestPath, '--auto-approve']);
    expect(grantsOf(w, 'lab').users).toEqual([{ who: 'bob', roleId: 4 }]);
    w.emulator.grant({ environment: 'lab' }, { user: 'alice' }, 1);
    const drift = await w.cli(['drift', '-f', w.manifestPath]);
    expect(drift.code, drift.stdout).toBe(0);
  });

  it('finds the first and the last of 230 environments', async () => {
    const environments = Array.from({ length: 230 }, (_, index) => ({ name: `env-${String(index + 1).padStart(3, '0')}` }));
    const manifest = `${USERS}environments:\n  - name: env-001\n    users: [alice]\n  - name: env-230\n    users: [bob]\n`;
    const w = await accessWorld(manifest, {}, { environments });
    const planned = await w.cli(['plan', '-f', w.manifestPath, '--json']);
    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(planned.stdout);
    expect(plan.changes.map((change: { address: string }) => change.address)).toEqual(['environment.env-001.user[alice]', 'environment.env-230.user[bob]']);
    // Pages of 100 from start=1: three reads for 230, plus the groups? none listed; the roles once.
    expect(countWhere(w.emulator, 'GET', /^\/api\/endpoints$/)).toBe(3);
    expect(countWhere(w.emulator, 'GET', /^\/api\/endpoint_groups$/)).toBe(0);
    expect(countWhere(w.emulator, 'GET', /^\/api\/roles$/)).toBe(1);
  });

  it('plans a role changed on the server as an update of role, in Portainer ids (Business Edition)', async () => {
    const w = await accessWorld();
    await w.cli(['apply', '-f', w.manifestPath, '--auto-approve']);
    w.emulator.grant({ environment: 'production' }, { user: 'bob' }, 4);
    const planned = await w.cli(['plan', '-f', w.manifestPath, '--json']);
    const [change] = JSON.parse(planned.stdout).changes;
    expect(change).toMatchObject({ address: 'environment.production.user[bob]', kind: 'environment-access', action: 'update', before: { role: 'read-only', roleId: 4 }, after: { role: 'operator', roleId: 5 }, fields: ['role'] });
    await w.cli(['apply', '-f', w.manifestPath, '--auto-approve']);
    expect(grantsOf(w, 'production').users).toContainEqual({ who: 'bob', roleId: 5 });
  });

  it('on Community Edition grants presence only: RoleId 3 written, a server role never a difference, a manifest role a warning', async () => {
    const w = await accessWorld(ACCESS, { edition: 'ce' });
    const applied = await w.cli(['apply', '-f', w.manifestPath, '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(grantsOf(w, 'production')).toEqual({ users: [{ who: 'alice', roleId: 3 }, { who: 'bob', roleId: 3 }], teams: [{ who: 'ops', roleId: 3 }] });
    w.emulator.grant({ environment: 'production' }, { user: 'bob' }, 0);
    const planned = await w.cli(['plan', '-f', w.manifestPath, '--json', '--detailed-exitcode']);
    expect(planned.code).toBe(0);
    const codes = JSON.parse(planned.stdout).problems.map((problem: { code: string; address: string }) => `${problem.code} ${problem.address}`);
    expect(codes).toContain('access.role-ignored environment.production.user[bob]');
    expect(codes).toContain('access.role-ignored environment.production.team[ops]');
  });

  it('reports a grant added behind the manifest\'s back as drift, and apply removes it (prune.access)', async () => {
    const w = await accessWorld();
    await w.cli(['apply', '-f', w.manifestPath, '--auto-approve']);
    w.emulator.grant({ environment: 'staging' }, { user: 'bob' }, 3);
    const drift = await w.cli(['drift', '-f', w.manifestPath, '--json']);
    expect(drift.code).toBe(2);
    const report = JSON.parse(drift.stdout);
    expect(report.drift).toEqual([expect.objectContaining({ address: 'environment.staging.user[bob]', kind: 'grant-unexpected', scope: 'environment', resource: 'staging', principal: 'user', name: 'bob', remedy: 'delete' })]);
    const text = await w.cli(['drift', '-f', w.manifestPath]);
    expect(text.stdout).toContain('environment.staging.user[bob]');
    await w.cli(['apply', '-f', w.manifestPath, '--auto-approve']);
    expect(grantsOf(w, 'staging').users).toEqual([]);
  });

  it('removes a grant left behind by a deleted user (an orphan), or keeps it with a warning when prune.access is off', async () => {
    const w = await accessWorld();
    await w.cli(['apply', '-f', w.manifestPath, '--auto-approve']);
    w.emulator.grant({ environment: 'staging' }, { id: 4242, kind: 'user' }, 3);
    const planned = JSON.parse((await w.cli(['plan', '-f', w.manifestPath, '--json'])).stdout);
    expect(planned.changes).toEqual([expect.objectContaining({ address: 'environment.staging.user[#4242]', action: 'delete', principalId: 4242, orphan: true })]);
    w.writeManifest(`${ACCESS}prune:\n  access: false\n`);
    const kept = JSON.parse((await w.cli(['plan', '-f', w.manifestPath, '--json'])).stdout);
    expect(kept.changes).toEqual([]);
    expect(kept.problems.map((problem: { code: string }) => problem.code)).toContain('access.orphan');
  });

  it('refuses an unknown environment, an ambiguous group and an unknown user with positions, and writes nothing', async () => {
    const manifest = `${USERS}environments:\n  - name: prod\n    users: [alice]\n  - name: staging\n    users: [mallory]\nenvironmentGroups:\n  - name: twins\n    teams: [ops]\n`;
    const w = await accessWorld(manifest, {}, { environmentGroups: [{ name: 'twins' }, { name: 'twins' }] });
    const planned = await w.cli(['plan', '-f', w.manifestPath]);
    expect(planned.code).toBe(1);
    expect(planned.stderr).toMatch(/users\.yaml:14:11: environment\.prod: /);
    expect(planned.stderr).toMatch(/users\.yaml:17:13: environment\.staging\.user\[mallory\]: /);
    expect(planned.stderr).toMatch(/users\.yaml:19:11: environmentGroup\.twins: /);
    const applied = await w.cli(['apply', '-f', w.manifestPath, '--auto-approve']);
    expect(applied.code).toBe(1);
    expect(mutatingRequests(w.emulator)).toEqual([]);
  });

  it('keeps a grant someone added in the UI between plan and apply: only the planned grants change', async () => {
    const w = await accessWorld();
    for (const [name, value] of Object.entries(PASSWORD_ENV)) process.env[name] = value;
    try {
      const prepared = await preparePlan({ url: w.emulator.url }, { manifest: w.manifestPath, allowMassDelete: false });
      w.emulator.grant({ environment: 'production' }, { user: 'admin' }, 2);
      const { result } = await applyPlan(prepared);
      expect(result.failures).toEqual([]);
    } finally {
      for (const name of Object.keys(PASSWORD_ENV)) delete process.env[name];
    }
    expect(grantsOf(w, 'production').users).toEqual([{ who: 'admin', roleId: 2 }, { who: 'alice', roleId: 3 }, { who: 'bob', roleId: 5 }]);
  });

  it('holds back the grants of a protected user', async () => {
    const w = await accessWorld(`${ACCESS}prune:\n  protect: [bob]\n`);
    const planned = JSON.parse((await w.cli(['plan', '-f', w.manifestPath, '--json'])).stdout);
    expect(planned.held.map((held: { change: { address: string }; code: string }) => `${held.code} ${held.change.address}`)).toEqual([
      'held.protected environment.production.user[bob]',
      'held.protected environmentGroup.edge.user[bob]',
    ]);
  });

  it('exports the environments and groups that have grants, and a plan of the export changes nothing', async () => {
    const w = await accessWorld();
    await w.cli(['apply', '-f', w.manifestPath, '--auto-approve']);
    const exported = await w.cli(['export', '--output', join(w.dir, 'exported.yaml')], { PORTAINER_USERNAME: 'admin', PORTAINER_PASSWORD: PASSWORDS.admin });
    expect(exported.code, exported.stderr).toBe(0);
    const text = readFileSync(join(w.dir, 'exported.yaml'), 'utf8');
    expect(text).toContain('environments:');
    expect(text).toContain('environmentGroups:');
    const replanned = await w.cli(['plan', '-f', join(w.dir, 'exported.yaml'), '--detailed-exitcode'], { PORTAINER_USERNAME: 'admin', PORTAINER_PASSWORD: PASSWORDS.admin });
    expect(replanned.code, replanned.stdout + replanned.stderr).toBe(0);
  });

  it('applies examples/environments.yaml to a Business Edition server and converges in one run', async () => {
    const example = readFileSync(new URL('../../examples/environments.yaml', import.meta.url), 'utf8');
    world = await startWorld(example, {
      edition: 'be',
      seed: { users: [seedAdmin()], environmentGroups: [{ name: 'edge-devices' }], environments: [{ name: 'production' }, { name: 'staging' }, { name: 'lab' }] },
    });
    const applied = await world.cli(['apply', '-f', world.manifestPath, '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(grantsOf(world, 'production')).toEqual({ users: [{ who: 'bob', roleId: 4 }], teams: [{ who: 'developers', roleId: 2 }, { who: 'ops', roleId: 1 }] });
    const again = await world.cli(['plan', '-f', world.manifestPath, '--detailed-exitcode']);
    expect(again.code, again.stdout).toBe(0);
  });

  it('settles a PUT whose answer was lost by re-reading the environment, and the next plan has nothing to do', async () => {
    const w = await accessWorld();
    w.emulator.injectFault({ method: 'PUT', path: '/api/endpoints/*', drop: 'response' });
    const applied = await w.cli(['apply', '-f', w.manifestPath, '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/Note: environment\.\w+\.(user|team)\[\w+\]: PUT \/api\/endpoints\/\d+\S* got no clear answer, but re-reading the server shows it took effect/);
    const again = await w.cli(['plan', '-f', w.manifestPath, '--detailed-exitcode']);
    expect(again.code, again.stdout).toBe(0);
  });

  it('applies a saved plan of grants, which a change to a listed environment since makes stale', async () => {
    const w = await accessWorld();
    expect((await w.cli(['plan', '-f', w.manifestPath, '--out', 'plan.json'])).code).toBe(0);
    const applied = await w.cli(['apply', 'plan.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(grantsOf(w, 'staging').teams).toEqual([{ who: 'ops', roleId: 3 }]);
    w.emulator.grant({ environment: 'staging' }, { user: 'bob' }, 3);
    expect((await w.cli(['plan', '-f', w.manifestPath, '--out', 'plan.json'])).code).toBe(0);
    w.emulator.grant({ environment: 'lab' }, { user: 'alice' }, 3);
    expect((await w.cli(['apply', 'plan.json'])).code, 'an unlisted environment does not make a plan stale').toBe(0);
    expect((await w.cli(['plan', '-f', w.manifestPath, '--out', 'plan.json'])).code).toBe(0);
    w.emulator.grant({ environment: 'production' }, { user: 'admin' }, 3);
    const stale = await w.cli(['apply', 'plan.json']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('saved plan is stale');
  });

  it('accepts grant drift as a patch: the manifest learns added, removed and re-roled grants, keeping every other line', async () => {
    const commented = ACCESS.replace('environments:\n', '# who may use what\nenvironments:\n').replace('      - alice\n', '      - alice   # the developer on call\n');
    const w = await accessWorld(commented);
    expect((await w.cli(['apply', '-f', w.manifestPath, '--auto-approve'])).code).toBe(0);
    w.emulator.revoke({ environment: 'production' }, { user: 'alice' });
    w.emulator.grant({ environment: 'production' }, { user: 'bob' }, 2);
    w.emulator.grant({ environment: 'staging' }, { user: 'bob' }, 4);
    w.emulator.grant({ environment: 'staging' }, { user: 'alice' }, 3);
    w.emulator.grant({ group: 'edge' }, { id: 4242, kind: 'team' }, 3);
    const drifted = await w.cli(['drift', '-f', 'users.yaml', '--format', 'patch']);
    expect(drifted.code).toBe(2);
    expect(drifted.stderr).toContain('Not patched: environmentGroup.edge.team[#4242]');
    execFileSync('patch', ['-p1', '--quiet'], { cwd: w.dir, input: drifted.stdout });
    const patched = readFileSync(w.manifestPath, 'utf8');
    expect(patched).toContain('# who may use what');
    expect(patched).not.toContain('the developer on call');
    expect(patched).toContain('{ name: bob, role: helpdesk }');
    expect(patched).toContain('  - name: staging\n    users:\n      - alice\n      - name: bob\n        role: read-only\n    teams: [ops]\n');
    // Every line the patch does not name is the original's, byte for byte.
    const removed = drifted.stdout.split('\n').filter((line) => line.startsWith('-') && !line.startsWith('---')).map((line) => line.slice(1));
    for (const line of commented.split('\n')) if (!removed.includes(line)) expect(patched.split('\n')).toContain(line);
    const plan = await w.cli(['plan', '-f', 'users.yaml', '--json']);
    expect(JSON.parse(plan.stdout).changes.map((change: { address: string }) => change.address)).toEqual(['environmentGroup.edge.team[#4242]']);
  });
});
