import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { manifest, withPasswords } from '../support/manifests.js';
import { expectNoSecretsIn } from '../support/secrets.js';
import { seedAdmin } from '../support/seeds.js';
import { mutatingRequests, PASSWORDS, startWorld, type World } from '../support/world.js';

const TEAMS_MANIFEST = manifest(withPasswords('alice', 'bob', 'carol'), `teams:
  - name: developers
    leaders: [alice]
    members: [bob]
  - name: ops
    members: [carol]
`);

/** The server as apply would leave it for TEAMS_MANIFEST. */
const CONVERGED: EmulatorSeed = {
  users: [
    seedAdmin(),
    { username: 'alice', password: PASSWORDS.alice },
    { username: 'bob', password: PASSWORDS.bob },
    { username: 'carol', password: PASSWORDS.carol },
  ],
  teams: [
    { name: 'developers', leaders: ['alice'], members: ['bob'] },
    { name: 'ops', members: ['carol'] },
  ],
};

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function convergedWorld(): Promise<World> {
  world = await startWorld(TEAMS_MANIFEST, { seed: CONVERGED });
  return world;
}

/** Memberships changed behind the tool's back: alice demoted to member, carol added to developers, carol removed from ops. */
async function driftedWorld(): Promise<World> {
  const w = await convergedWorld();
  w.emulator.removeMembership('developers', 'alice');
  w.emulator.addMembership('developers', 'alice', 'member');
  w.emulator.addMembership('developers', 'carol', 'member');
  w.emulator.removeMembership('ops', 'carol');
  w.emulator.clearRequests();
  return w;
}

const DRIFT = ['drift', '-f', 'users.yaml'];

describe('drift of teams', () => {
  it('is in sync with a server that matches the teams, and exits 0', async () => {
    const w = await convergedWorld();
    const result = await w.cli(DRIFT);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("No drift. Portainer's users match the manifest.");
  });

  it('reports a role changed, a member added and a member removed on the server, and exits 2', async () => {
    const w = await driftedWorld();
    const result = await w.cli(DRIFT);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('~ team.developers.member[alice]: alice is a member of team developers on the server, a leader in the manifest');
    expect(result.stdout).toContain('- team.developers.member[carol]: carol is a member of team developers on the server but not in the manifest');
    expect(result.stdout).toContain('+ team.ops.member[carol]: carol is a member of team ops in the manifest but not on the server');
    expect(result.stdout).toContain('Drift: 3 differences between the manifest and the server.');
    expect(mutatingRequests(w.emulator)).toEqual([]);
    expectNoSecretsIn([result.stdout, result.stderr], Object.values(PASSWORDS));
  });

  it('reports the same differences in the JSON report, with the team on each item', async () => {
    const w = await driftedWorld();
    const result = await w.cli([...DRIFT, '--format', 'json']);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.status).toBe('drifted');
    expect(report.drift).toEqual([
      {
        address: 'team.developers.member[alice]',
        kind: 'member-role-changed',
        team: 'developers',
        username: 'alice',
        expected: { role: 'leader' },
        actual: { role: 'member' },
        remedy: 'update',
        message: 'alice is a member of team developers on the server, a leader in the manifest',
      },
      expect.objectContaining({ address: 'team.developers.member[carol]', kind: 'member-unexpected', actual: { username: 'carol', role: 'member' } }),
      expect.objectContaining({ address: 'team.ops.member[carol]', kind: 'member-missing', expected: { username: 'carol', role: 'member' } }),
    ]);
    expect(report.summary).toEqual({ drift: 3, held: 0, unmanaged: 0, unmanagedTeams: 0, errors: 0 });
    expectNoSecretsIn([result.stdout, result.stderr], Object.values(PASSWORDS));
  });

  it('reports a team missing from the server', async () => {
    const w = await convergedWorld();
    w.emulator.removeTeam('ops');
    const result = await w.cli([...DRIFT, '--format', 'json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).drift.map((item: { kind: string; address: string }) => `${item.kind} ${item.address}`)).toEqual([
      'team-missing team.ops',
      'member-missing team.ops.member[carol]',
    ]);
  });

  it('lists a server team the manifest does not list as unmanaged, not drift, and exits 0', async () => {
    const w = await convergedWorld();
    w.emulator.addTeam('legacy');
    w.emulator.addMembership('legacy', 'bob', 'leader');
    const text = await w.cli(DRIFT);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Unmanaged teams: on the server, not in the manifest, left alone by apply \(1\):\n {2}legacy \(1 member, Id \d+\): prune.teams is off\n/);
    expect(text.stdout).toContain("No drift. Portainer's users match the manifest. 1 unmanaged team is left alone (not drift).");
    const json = JSON.parse((await w.cli([...DRIFT, '--format', 'json'])).stdout);
    expect(json.unmanagedTeams).toEqual([{ id: expect.any(Number), name: 'legacy', members: 1, reason: 'prune.teams is off', reasonCode: 'prune-off' }]);
    expect(json.summary.unmanagedTeams).toBe(1);
    expect((await w.cli([...DRIFT, '--fail-on-unmanaged'])).code).toBe(2);
  });

  it('shows the markdown report with the team rows', async () => {
    const w = await driftedWorld();
    const result = await w.cli([...DRIFT, '--format', 'markdown']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('| ~ team role changed | `team.developers.member[alice]` | role `member` | role `leader` |');
  });
});

describe('plan of team changes', () => {
  it('prints team changes like user changes, in Terraform style', async () => {
    const w = await driftedWorld();
    const result = await w.cli(['plan', '-f', 'users.yaml']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  # team.developers.member[alice] will be updated in place\n  ~ team.developers.member[alice]\n      role: "member" -> "leader"\n');
    expect(result.stdout).toContain(
      '  # team.ops.member[carol] will be created\n  + team.ops.member[carol]\n      team: "ops"\n      username: "carol"\n      role: "member"\n',
    );
    expect(result.stdout).toContain('  # team.developers.member[carol] will be destroyed\n  - team.developers.member[carol]\n');
    expect(result.stdout).toContain('Plan: 1 to add, 1 to change, 0 to replace, 1 to destroy.');
    expect(mutatingRequests(w.emulator)).toEqual([]);
    expectNoSecretsIn([result.stdout, result.stderr], Object.values(PASSWORDS));
  });

  it('prints a new team and its members for a server without them', async () => {
    world = await startWorld(TEAMS_MANIFEST, { seed: { users: CONVERGED.users ?? [] } });
    const result = await world.cli(['plan', '-f', 'users.yaml']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  # team.developers will be created\n  + team.developers\n      name: "developers"\n');
    expect(result.stdout).toContain('  + team.developers.member[alice]\n      team: "developers"\n      username: "alice"\n      role: "leader"\n');
    expect(result.stdout).toContain('Plan: 5 to add, 0 to change, 0 to replace, 0 to destroy.');
  });
});
