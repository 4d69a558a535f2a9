import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/audit/index.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import type { EffectiveAccess, PortainerClient } from '../../src/portainer/index.js';
import { Secret } from '../../src/secret.js';
import { readAuditServer } from '../../src/session/audit.js';
import { connect } from '../../src/session/index.js';
import { auditSeed } from '../support/audit-world.js';
import { againstRealPortainer, created, failureOf, itEmulated, PASSWORD, startTarget, type Target } from './target.js';

/**
 * GET /users/{id}/effective-access and `?environmentId=` on GET /users and
 * GET /teams, as Portainer 2.45 answers them (user_effective_access.go,
 * pkg/authorization/resolver.go, user_list.go, team_list.go). The last test
 * holds the audit to the server's own answer, for every user of whatever
 * server it runs against.
 */
/** On a real server, the environment whose access a test may change (put back after), as in environments.test.ts. */
const realEnvironment = process.env['PORTAINER_TEST_ENVIRONMENT'];
const itWithEnvironment = againstRealPortainer && !realEnvironment ? it.skip : it;

const ADMIN = { username: 'admin', password: 'admin-password-1', role: 'admin' as const };

/** The audit's world (test/support/audit-world.ts) with this file's admin. */
function seedWith(seed: EmulatorSeed): EmulatorSeed {
  return { ...seed, users: [ADMIN, ...(seed.users ?? []).filter((user) => user.username !== 'admin')] };
}

function as(target: Target, username: string, password = PASSWORD): PortainerClient {
  return target.client({ kind: 'password', username, password: new Secret(password) });
}

describe('GET /users/{id}/effective-access', () => {
  it('is for the user itself or an administrator: 400 for a bad id, 404 for an unknown user, 403 for another user', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const bob = await target.createUser('bob');
    const admin = target.adminClient();
    expect(Array.isArray(await admin.userEffectiveAccess(alice.id))).toBe(true);
    expect(Array.isArray(await as(target, alice.username).userEffectiveAccess(alice.id))).toBe(true);
    expect((await failureOf(as(target, bob.username).userEffectiveAccess(alice.id))).status).toBe(403);
    expect((await failureOf(admin.userEffectiveAccess(987_654))).status).toBe(404);
    // `users/NaN/effective-access`: an id that is not a number.
    expect((await failureOf(admin.userEffectiveAccess(Number.NaN))).status).toBe(400);
  });

  itEmulated('lists every environment where a role is found, in id order, with the group and the team it came through', async () => {
    const now = Math.floor(Date.now() / 1000);
    const target = await startTarget({ edition: 'be', seed: seedWith(auditSeed(now)) });
    const users = await target.adminClient().listUsers();
    const idOf = (name: string) => users.find((user) => user.username === name)?.id as number;
    expect(await target.adminClient().userEffectiveAccess(idOf('dave'))).toEqual([
      { environmentId: 1, environment: 'production', roleId: 2, roleName: 'Helpdesk', rolePriority: 3, teamId: 2, team: 'dev', location: 'environment' },
      { environmentId: 2, environment: 'stage-1', roleId: 3, roleName: 'Standard user', rolePriority: 5, groupId: 2, group: 'staging', teamId: 2, team: 'dev', location: 'environmentGroup' },
    ]);
    expect(await target.adminClient().userEffectiveAccess(idOf('erin'))).toEqual([
      { environmentId: 2, environment: 'stage-1', roleId: 4, roleName: 'Read-only user', rolePriority: 6, groupId: 2, group: 'staging', location: 'environmentGroup' },
    ]);
  });

  itEmulated('resolves an administrator like anyone: with no grant it lists nothing, though it reaches everything', async () => {
    const target = await startTarget({ edition: 'be', seed: seedWith(auditSeed(0)) });
    const root2 = (await target.adminClient().listUsers()).find((user) => user.username === 'root2');
    expect(await target.adminClient().userEffectiveAccess(root2?.id as number)).toEqual([]);
  });

  itEmulated('finds no role on a server without roles (Community Edition), so it lists nothing', async () => {
    const target = await startTarget({ edition: 'ce', seed: { users: [ADMIN, { username: 'alice', password: PASSWORD }], environments: [{ name: 'local', users: [{ name: 'alice', roleId: 3 }] }] } });
    const alice = (await target.adminClient().listUsers()).find((user) => user.username === 'alice');
    expect(await target.adminClient().userEffectiveAccess(alice?.id as number)).toEqual([]);
  });
});

describe('?environmentId= on GET /users and GET /teams', () => {
  itEmulated('keeps those with access to the environment: directly, through its group, or through a team, whatever the RoleId', async () => {
    const target = await startTarget({ edition: 'be', seed: seedWith(auditSeed(0)) });
    const client = target.adminClient();
    const names = (list: { username?: string; name?: string }[]) => list.map((entry) => entry.username ?? entry.name).sort();
    // stage-1 (id 2): dave's RoleId 0 still counts here, erin through the group, ops on it, dev through the group.
    expect(names(await client.usersWithAccessTo(2))).toEqual(['bob', 'carol', 'dave', 'erin']);
    expect(names(await client.teamsWithAccessTo(2))).toEqual(['dev', 'ops']);
    // edge-1 (id 3): alice directly; ops (RoleId 0) through the group brings its leader and member.
    expect(names(await client.usersWithAccessTo(3))).toEqual(['alice', 'bob', 'carol']);
    expect(names(await client.teamsWithAccessTo(3))).toEqual(['ops']);
    expect(await client.usersWithAccessTo(4)).toEqual([]);
    expect((await failureOf(client.usersWithAccessTo(987_654))).status).toBe(500);
  });

  itWithEnvironment('lists a user granted on an environment, and a team granted on it', async () => {
    const target = await startTarget();
    const client = target.adminClient();
    const environments = await client.listEnvironments();
    if (target.emulator) environments.push((await client.inspectEnvironment(target.emulator.addEnvironment('contract-env')))!);
    const [environment] = environments.filter((candidate) => candidate.name === (realEnvironment ?? 'contract-env'));
    if (!environment) throw new Error(`PORTAINER_TEST_ENVIRONMENT names no environment: ${realEnvironment}`);
    const alice = await target.createUser('alice');
    const team = created(await client.createTeam(target.name('auditors')));
    try {
      await client.updateEnvironmentAccess(environment.id, { userAccess: [...environment.userAccess, { id: alice.id, roleId: 3 }], teamAccess: [...environment.teamAccess, { id: team.id, roleId: 3 }] });
      expect((await client.usersWithAccessTo(environment.id)).map((user) => user.id)).toContain(alice.id);
      expect((await client.teamsWithAccessTo(environment.id)).map((found) => found.id)).toContain(team.id);
    } finally {
      await client.updateEnvironmentAccess(environment.id, { userAccess: environment.userAccess, teamAccess: environment.teamAccess });
      await client.deleteTeam(team.id);
    }
  });
});

describe("the audit against the server's own answer", () => {
  it("gives every user who is not an administrator exactly the cells of GET /users/{id}/effective-access", async () => {
    const target = await startTarget({ edition: 'be', seed: seedWith(auditSeed(Math.floor(Date.now() / 1000))) });
    const connection = connect({ url: target.url, username: target.admin.username, password: target.admin.password.reveal() });
    const server = await readAuditServer(connection);
    const report = buildReport(server, { now: 0 });
    const client = target.adminClient();
    const community = server.roles.length === 0;
    let compared = 0;
    for (const user of server.users.filter((candidate) => candidate.role !== 'admin')) {
      const answer = await client.userEffectiveAccess(user.id);
      const ours = report.access.filter((cell) => cell.user === user.username).map((cell) => `${cell.environment}: ${cell.role} (${cell.via})`).sort();
      // Without roles the server's resolver finds none; the audit says access (any grant is access there).
      const theirs = community ? ours : answer.map((entry) => `${entry.environment}: ${slugOf(entry.roleName)} (${viaOf(entry)})`).sort();
      if (community) expect(answer).toEqual([]);
      expect(ours, user.username).toEqual(theirs);
      compared += ours.length;
    }
    if (target.emulator) expect(compared).toBe(8);
  });
});

/** The role as a manifest writes it (design.md): the built-in roles' slugs, any other by its name. */
function slugOf(roleName: string): string {
  const slugs: Record<string, string> = {
    'environment administrator': 'environment-admin',
    operator: 'operator',
    helpdesk: 'helpdesk',
    'standard user': 'standard',
    'read-only user': 'read-only',
  };
  return slugs[roleName.toLowerCase()] ?? roleName;
}

function viaOf(entry: EffectiveAccess): string {
  if (entry.team !== undefined && entry.location === 'environmentGroup') return `team ${entry.team} via group ${entry.group}`;
  if (entry.team !== undefined) return `team ${entry.team}`;
  if (entry.location === 'environmentGroup') return `group ${entry.group}`;
  return 'environment';
}
