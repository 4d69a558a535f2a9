import { afterEach, describe, expect, it } from 'vitest';
import type { Environment, PortainerClient } from '../../src/portainer/index.js';
import { Secret } from '../../src/secret.js';
import { againstRealPortainer, created, failureOf, itEmulated, PASSWORD, startTarget, type Target } from './target.js';

/**
 * The rows of "Environments (endpoints) and environment groups" in
 * portainer-api.md. Against a real Portainer, set PORTAINER_TEST_ENVIRONMENT
 * to the name of an environment whose access the tests may change (it is put
 * back after each test); the tests that need many environments or a chosen
 * edition run on the emulator only.
 */
const realEnvironment = process.env['PORTAINER_TEST_ENVIRONMENT'];
const itWithEnvironment = againstRealPortainer && !realEnvironment ? it.skip : it;

const restores: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const restore of restores.splice(0).reverse()) await restore();
});

/** An environment the test may change: a new one on the emulator, the configured one (restored after) on a real server. */
async function anEnvironment(target: Target, base = 'production'): Promise<Environment> {
  const client = target.adminClient();
  if (target.emulator) {
    const id = target.emulator.addEnvironment(base);
    return (await client.inspectEnvironment(id))!;
  }
  const [found] = (await client.listEnvironments()).filter((environment) => environment.name === realEnvironment);
  if (!found) throw new Error(`PORTAINER_TEST_ENVIRONMENT names no environment: ${realEnvironment}`);
  restores.push(async () => void (await client.updateEnvironmentAccess(found.id, { userAccess: found.userAccess, teamAccess: found.teamAccess })));
  return found;
}

function as(target: Target, username: string): PortainerClient {
  return target.client({ kind: 'password', username, password: new Secret(PASSWORD) });
}

describe('GET /endpoints', () => {
  itEmulated('pages from start=1; start=0 begins at the first too; X-Total-Count is the count before paging', async () => {
    const target = await startTarget();
    for (const name of ['a', 'b', 'c', 'd', 'e']) target.emulator!.addEnvironment(name);
    const client = target.adminClient();
    const first = await client.listEnvironmentPage(1, 2);
    expect(first.environments.map((environment) => environment.name)).toEqual(['a', 'b']);
    expect(first.total).toBe(5);
    expect((await client.listEnvironmentPage(0, 2)).environments.map((environment) => environment.name)).toEqual(['a', 'b']);
    expect((await client.listEnvironmentPage(3, 2)).environments.map((environment) => environment.name)).toEqual(['c', 'd']);
    expect((await client.listEnvironmentPage(5, 2)).environments.map((environment) => environment.name)).toEqual(['e']);
    expect((await client.listEnvironmentPage(9, 2)).environments).toEqual([]);
    expect((await client.listEnvironmentPage(1, 0)).environments).toHaveLength(5);
  });

  itEmulated('reads every one of 230 environments, the first and the last, in pages', async () => {
    const target = await startTarget();
    for (let index = 1; index <= 230; index += 1) target.emulator!.addEnvironment(`env-${index}`);
    target.emulator!.clearRequests();
    const all = await target.adminClient().listEnvironments(4);
    expect(all).toHaveLength(230);
    expect(all[0]?.name).toBe('env-1');
    expect(all.map((environment) => environment.name)).toContain('env-230');
    expect(target.emulator!.requests.filter((request) => request.path === '/api/endpoints')).toHaveLength(3);
  });

  itWithEnvironment('shows a non-admin only the environments that grant it access, without the user policies', async () => {
    const target = await startTarget();
    const environment = await anEnvironment(target);
    const alice = await target.createUser('alice');
    const admin = target.adminClient();
    expect((await as(target, alice.username).listEnvironments()).map((e) => e.id)).not.toContain(environment.id);
    await admin.updateEnvironmentAccess(environment.id, { userAccess: [...environment.userAccess, { id: alice.id, roleId: 3 }] });
    const seen = (await as(target, alice.username).listEnvironments()).find((e) => e.id === environment.id);
    expect(seen?.userAccess).toEqual([]);
    expect((await admin.inspectEnvironment(environment.id))?.userAccess).toContainEqual({ id: alice.id, roleId: 3 });
  });
});

describe('PUT /endpoints/{id}', () => {
  itWithEnvironment('replaces a map it carries whole, keeps one it leaves out, and clears one sent empty', async () => {
    const target = await startTarget();
    const environment = await anEnvironment(target);
    const alice = await target.createUser('alice');
    const bob = await target.createUser('bob');
    const client = target.adminClient();
    const team = created(await client.createTeam(target.name('ops')));
    await client.updateEnvironmentAccess(environment.id, { userAccess: [{ id: alice.id, roleId: 1 }], teamAccess: [{ id: team.id, roleId: 3 }] });
    expect(await client.updateEnvironmentAccess(environment.id, { userAccess: [{ id: bob.id, roleId: 4 }] })).toBe('updated');
    const replaced = await client.inspectEnvironment(environment.id);
    expect(replaced?.userAccess).toEqual([{ id: bob.id, roleId: 4 }]);
    expect(replaced?.teamAccess).toEqual([{ id: team.id, roleId: 3 }]);
    await client.updateEnvironmentAccess(environment.id, { teamAccess: [] });
    const cleared = await client.inspectEnvironment(environment.id);
    expect(cleared?.teamAccess).toEqual([]);
    expect((await client.inspectEnvironment(environment.id))?.userAccess).toEqual([{ id: bob.id, roleId: 4 }]);
    await client.deleteTeam(team.id);
  });

  itWithEnvironment('checks nothing in a map: a grant of an id that is nobody is stored', async () => {
    const target = await startTarget();
    const environment = await anEnvironment(target);
    const client = target.adminClient();
    await client.updateEnvironmentAccess(environment.id, { userAccess: [{ id: 987_654, roleId: 99 }] });
    expect((await client.inspectEnvironment(environment.id))?.userAccess).toEqual([{ id: 987_654, roleId: 99 }]);
  });

  itWithEnvironment('is for admins only', async () => {
    const target = await startTarget();
    const environment = await anEnvironment(target);
    const alice = await target.createUser('alice');
    const error = await failureOf(as(target, alice.username).updateEnvironmentAccess(environment.id, { userAccess: [] }));
    expect(error.status).toBe(403);
  });

  it('answers 404 for an environment id that does not exist', async () => {
    const target = await startTarget();
    expect(await target.adminClient().updateEnvironmentAccess(987_654, { userAccess: [] })).toBe('not-found');
    expect(await target.adminClient().inspectEnvironment(987_654)).toBeUndefined();
  });

  itEmulated('deleting a user or a team removes its grants (2.45; 2.0-2.23 leave them behind)', async () => {
    const target = await startTarget();
    const environment = await anEnvironment(target);
    const alice = await target.createUser('alice');
    const client = target.adminClient();
    const team = created(await client.createTeam('ops'));
    await client.updateEnvironmentAccess(environment.id, { userAccess: [{ id: alice.id, roleId: 3 }], teamAccess: [{ id: team.id, roleId: 3 }] });
    await client.deleteUser(alice.id);
    await client.deleteTeam(team.id);
    const after = await client.inspectEnvironment(environment.id);
    expect(after?.userAccess).toEqual([]);
    expect(after?.teamAccess).toEqual([]);
  });
});

describe('environment groups', () => {
  it('lists group 1, Unassigned', async () => {
    const target = await startTarget();
    const groups = await target.adminClient().listEnvironmentGroups();
    expect(groups).toContainEqual(expect.objectContaining({ id: 1 }));
  });

  itEmulated('names need not be unique; a PUT replaces a map whole and keeps the name', async () => {
    const target = await startTarget();
    const first = target.emulator!.addEnvironmentGroup('staging');
    const second = target.emulator!.addEnvironmentGroup('staging');
    const alice = await target.createUser('alice');
    const client = target.adminClient();
    expect((await client.listEnvironmentGroups()).filter((group) => group.name === 'staging').map((group) => group.id)).toEqual([first, second]);
    await client.updateEnvironmentGroupAccess(first, { userAccess: [{ id: 1, roleId: 3 }] });
    expect(await client.updateEnvironmentGroupAccess(first, { userAccess: [{ id: alice.id, roleId: 3 }] })).toBe('updated');
    expect(await client.inspectEnvironmentGroup(first)).toEqual({ id: first, name: 'staging', userAccess: [{ id: alice.id, roleId: 3 }], teamAccess: [] });
    expect(await client.inspectEnvironmentGroup(987_654)).toBeUndefined();
  });
});

describe('GET /roles', () => {
  itEmulated('Community Edition has no roles', async () => {
    const target = await startTarget({ edition: 'ce' });
    expect(await target.adminClient().listRoles()).toEqual([]);
  });

  itEmulated("Business Edition has 2.45's built-in roles, each with the priority its resolver compares", async () => {
    const target = await startTarget({ edition: 'be' });
    expect(await target.adminClient().listRoles()).toEqual([
      { id: 1, name: 'Environment administrator', priority: 1 },
      { id: 2, name: 'Helpdesk', priority: 3 },
      { id: 3, name: 'Standard user', priority: 5 },
      { id: 4, name: 'Read-only user', priority: 6 },
      { id: 5, name: 'Operator', priority: 2 },
      { id: 6, name: 'Namespace Operator', priority: 4 },
    ]);
  });

  it('is for admins only', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const error = await failureOf(as(target, alice.username).listRoles());
    expect(error.status).toBe(403);
  });
});
