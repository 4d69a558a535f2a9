import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/secret.js';
import { makeTeam } from './made-teams.js';
import { bearer, jwtOf, raw } from './raw-http.js';
import { created, failureOf, PASSWORD, startTarget } from './target.js';

/**
 * Renames as Portainer 2.45 does them (portainer-api.md, "Third round"):
 * PUT /users/{id} with Username, administrators only, 409 on a
 * case-insensitive clash, the name stored as sent, and everything keyed by
 * the Id kept; PUT /teams/{id} with Name, administrators only, an empty name
 * meaning unchanged, and no check that the name is free.
 */

describe('renaming a user', () => {
  it('keeps its Id, its API keys, its team memberships and its environment access', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const team = await makeTeam(target, 'developers');
    const admin = target.adminClient();
    created(await admin.createTeamMembership({ userId: alice.id, teamId: team.id, role: 'member' }));
    const asAlice = target.client({ kind: 'password', username: alice.username, password: new Secret(PASSWORD) });
    const { rawKey } = await asAlice.createApiKey(alice.id, { description: 'before the rename', password: new Secret(PASSWORD) });
    target.emulator?.addEnvironment('production');
    target.emulator?.grant({ environment: 'production' }, { user: alice.username }, 0);

    const renamed = await admin.updateUser(alice.id, { username: target.name('Alicia') });
    expect(renamed).toMatchObject({ id: alice.id, username: target.name('Alicia') });

    expect(await target.client({ kind: 'api-key', key: rawKey }).currentUser()).toMatchObject({ id: alice.id, username: target.name('Alicia') });
    expect(await admin.userMemberships(alice.id)).toEqual([expect.objectContaining({ userId: alice.id, teamId: team.id })]);
    if (target.emulator) {
      expect(target.emulator.listAccess().find((holder) => holder.name === 'production')?.users).toEqual([{ id: alice.id, name: 'Alicia', roleId: 0 }]);
    }
    // Logins look the user up by name: the old one is gone, the new one works with the same password.
    expect(await failureOf(target.client({ kind: 'none' }).login(alice.username, new Secret(PASSWORD)))).toMatchObject({ status: 422 });
    expect(await target.client({ kind: 'none' }).login(target.name('Alicia'), new Secret(PASSWORD))).toBeInstanceOf(Secret);
  });

  it('is refused to a user renaming itself (403), while sending its own name unchanged is no rename', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const jwt = await jwtOf(target, alice.username, PASSWORD);
    const refused = await raw(target.url, 'PUT', `/users/${alice.id}`, { headers: bearer(jwt), body: { username: target.name('mallory') } });
    expect({ status: refused.status, body: refused.json() }).toEqual({
      status: 403,
      body: { message: 'Permission denied. Unable to update username', details: 'Access denied to resource' },
    });
    const same = await raw(target.url, 'PUT', `/users/${alice.id}`, { headers: bearer(jwt), body: { username: alice.username } });
    expect(same.status).toBe(200);
    expect((await target.adminClient().listUsers()).find((user) => user.id === alice.id)?.username).toBe(alice.username);
  });

  it('lets an administrator rename itself', async () => {
    const target = await startTarget();
    const boss = await target.createUser('boss', 'admin');
    const jwt = await jwtOf(target, boss.username, PASSWORD);
    const answer = await raw(target.url, 'PUT', `/users/${boss.id}`, { headers: bearer(jwt), body: { username: target.name('chief') } });
    expect({ status: answer.status, username: answer.json().Username }).toEqual({ status: 200, username: target.name('chief') });
  });

  it('refuses a name another user has in any case (409 User already exists), but takes a change of case of its own', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const bob = await target.createUser('bob');
    const jwt = await jwtOf(target, target.admin.username, target.admin.password.reveal());
    const clash = await raw(target.url, 'PUT', `/users/${bob.id}`, { headers: bearer(jwt), body: { username: alice.username.toUpperCase() } });
    expect({ status: clash.status, body: clash.json() }).toEqual({
      status: 409,
      body: { message: 'Another user with the same username already exists', details: 'User already exists' },
    });
    const recased = await raw(target.url, 'PUT', `/users/${bob.id}`, { headers: bearer(jwt), body: { username: bob.username.toUpperCase() } });
    expect({ status: recased.status, username: recased.json().Username }).toEqual({ status: 200, username: bob.username.toUpperCase() });
  });

  it('is told apart by the client: renamed, or taken (the 409) with Portainer\'s words', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const bob = await target.createUser('bob');
    const admin = target.adminClient();
    expect(await admin.renameUser(bob.id, alice.username.toUpperCase())).toEqual({ outcome: 'taken', said: 'Another user with the same username already exists' });
    expect(await admin.renameUser(bob.id, target.name('robert'))).toMatchObject({ outcome: 'renamed', value: { id: bob.id, username: target.name('robert') } });
  });
});

describe('renaming a team', () => {
  it('is for administrators only (403 Access denied)', async () => {
    const target = await startTarget();
    const team = await makeTeam(target, 'developers');
    const alice = await target.createUser('alice');
    const answer = await raw(target.url, 'PUT', `/teams/${team.id}`, { headers: bearer(await jwtOf(target, alice.username, PASSWORD)), body: { Name: 'x' } });
    expect({ status: answer.status, body: answer.json() }).toEqual({ status: 403, body: { message: 'Access denied', details: 'Unauthorized' } });
  });

  it('keeps the name when the new one is empty', async () => {
    const target = await startTarget();
    const team = await makeTeam(target, 'developers');
    const jwt = await jwtOf(target, target.admin.username, target.admin.password.reveal());
    const answer = await raw(target.url, 'PUT', `/teams/${team.id}`, { headers: bearer(jwt), body: { Name: '' } });
    expect({ status: answer.status, body: answer.json() }).toEqual({ status: 200, body: { Id: team.id, Name: team.name } });
  });

  it("takes a name another team has: Portainer does not check that it is free", async () => {
    const target = await startTarget();
    const developers = await makeTeam(target, 'developers');
    const operators = await makeTeam(target, 'operators');
    const renamed = await target.adminClient().renameTeam(operators.id, developers.name.toUpperCase());
    expect(renamed).toEqual({ id: operators.id, name: developers.name.toUpperCase() });
    const teams = await target.adminClient().listTeams();
    expect(teams.filter((team) => team.name.toLowerCase() === developers.name.toLowerCase()).map((team) => team.id).sort()).toEqual(
      [developers.id, operators.id].sort(),
    );
    // Creating one with that name, though, is a 409.
    expect((await target.adminClient().createTeam(developers.name)).outcome).toBe('exists');
  });
});
