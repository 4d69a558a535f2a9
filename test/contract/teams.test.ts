import { describe, expect, it } from 'vitest';
import type { PortainerClient } from '../../src/portainer/index.js';
import { Secret } from '../../src/secret.js';
import { makeTeam } from './made-teams.js';
import { created, failureOf, PASSWORD, startTarget, type Target } from './target.js';

/**
 * The rows of the "Teams and team memberships" table in portainer-api.md:
 * each call, and each failure with its status and Portainer's message.
 */

function as(target: Target, username: string): PortainerClient {
  return target.client({ kind: 'password', username, password: new Secret(PASSWORD) });
}

describe('teams', () => {
  it('creates a team and lists it as { id, name }', async () => {
    const target = await startTarget();
    const team = await makeTeam(target, 'developers');
    expect(team).toEqual({ id: expect.any(Number), name: target.name('developers') });
    expect(await target.adminClient().listTeams()).toContainEqual(team);
  });

  it('gives each listed leader a leader membership', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const team = await makeTeam(target, 'developers', [alice.id]);
    expect(await target.adminClient().teamMemberships(team.id)).toEqual([
      { id: expect.any(Number), userId: alice.id, teamId: team.id, role: 'leader' },
    ]);
  });

  it('renames a team', async () => {
    const target = await startTarget();
    const team = await makeTeam(target, 'developers');
    const renamed = await target.adminClient().renameTeam(team.id, target.name('engineers'));
    expect(renamed).toEqual({ id: team.id, name: target.name('engineers') });
    expect(await target.adminClient().listTeams()).toContainEqual(renamed);
  });

  it('deletes a team and its memberships with it', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const team = await makeTeam(target, 'developers', [alice.id]);
    const client = target.adminClient();
    await client.deleteTeam(team.id);
    expect((await client.listTeams()).map((t) => t.id)).not.toContain(team.id);
    expect((await client.listTeamMemberships()).filter((m) => m.teamId === team.id)).toEqual([]);
  });

  it('refuses an empty name (400 Invalid request payload)', async () => {
    const target = await startTarget();
    const error = await failureOf(target.adminClient().createTeam(''));
    expect(error).toMatchObject({ kind: 'http', method: 'POST', path: '/api/teams', status: 400 });
    expect(error.userMessage).toMatch(/^POST \/api\/teams failed with 400 Bad Request: Invalid request payload/);
  });

  it('says a name already taken, compared case-insensitively, exists (409)', async () => {
    const target = await startTarget();
    await makeTeam(target, 'developers');
    expect(await target.adminClient().createTeam(target.name('developers').toUpperCase())).toEqual({ outcome: 'exists', said: 'A team with the same name already exists' });
  });

  it('refuses team creation to a standard user (403)', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const error = await failureOf(as(target, alice.username).createTeam(target.name('developers')));
    expect(error).toMatchObject({ kind: 'http', method: 'POST', path: '/api/teams', status: 403 });
  });

  it('names the call when renaming an unknown team (404)', async () => {
    const target = await startTarget();
    const error = await failureOf(target.adminClient().renameTeam(987_654, target.name('engineers')));
    expect(error).toMatchObject({ kind: 'http', method: 'PUT', path: '/api/teams/987654', status: 404 });
  });

  it('says an unknown team is already gone when deleting it (404)', async () => {
    const target = await startTarget();
    expect(await target.adminClient().deleteTeam(987_654)).toBe('already-gone');
  });

  it('lets a team\'s leader read that team\'s memberships', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const team = await makeTeam(target, 'developers', [alice.id]);
    const memberships = await as(target, alice.username).teamMemberships(team.id);
    expect(memberships.map((m) => [m.userId, m.role])).toEqual([[alice.id, 'leader']]);
  });
});

describe('team memberships', () => {
  it('creates, lists, changes the role of and deletes a membership', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const team = await makeTeam(target, 'developers');
    const client = target.adminClient();

    const membership = created(await client.createTeamMembership({ userId: alice.id, teamId: team.id, role: 'member' }));
    expect(membership).toEqual({ id: expect.any(Number), userId: alice.id, teamId: team.id, role: 'member' });
    expect(await client.listTeamMemberships()).toContainEqual(membership);

    const updated = await client.updateTeamMembership(membership.id, { userId: alice.id, teamId: team.id, role: 'leader' });
    expect(updated).toEqual({ ...membership, role: 'leader' });
    expect(await client.teamMemberships(team.id)).toEqual([updated]);

    expect(await client.deleteTeamMembership(membership.id)).toBe('deleted');
    expect(await client.teamMemberships(team.id)).toEqual([]);
  });

  it('lists every team\'s memberships in one read', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const bob = await target.createUser('bob');
    const developers = await makeTeam(target, 'developers', [alice.id]);
    const operators = await makeTeam(target, 'operators');
    const client = target.adminClient();
    await client.createTeamMembership({ userId: bob.id, teamId: operators.id, role: 'member' });
    const mine = (await client.listTeamMemberships()).filter((m) => [developers.id, operators.id].includes(m.teamId));
    expect(mine.map((m) => [m.userId, m.teamId, m.role])).toEqual(
      expect.arrayContaining([
        [alice.id, developers.id, 'leader'],
        [bob.id, operators.id, 'member'],
      ]),
    );
    expect(mine).toHaveLength(2);
  });

  it('says a second membership of the same user in the same team exists, whatever its role (409)', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const team = await makeTeam(target, 'developers', [alice.id]);
    expect(await target.adminClient().createTeamMembership({ userId: alice.id, teamId: team.id, role: 'member' })).toEqual({ outcome: 'exists', said: 'Team membership already registered' });
  });

  it('refuses bad ids (400)', async () => {
    const target = await startTarget();
    const team = await makeTeam(target, 'developers');
    const error = await failureOf(target.adminClient().createTeamMembership({ userId: 0, teamId: team.id, role: 'member' }));
    expect(error).toMatchObject({ kind: 'http', method: 'POST', path: '/api/team_memberships', status: 400 });
    expect(error.userMessage).toMatch(/failed with 400 Bad Request: Invalid request payload/);
  });

  it('lets a leader add members to its own team but not to another (403)', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const bob = await target.createUser('bob');
    const developers = await makeTeam(target, 'developers', [alice.id]);
    const operators = await makeTeam(target, 'operators');
    const asAlice = as(target, alice.username);

    const added = await asAlice.createTeamMembership({ userId: bob.id, teamId: developers.id, role: 'member' });
    expect(added).toMatchObject({ outcome: 'created', value: { userId: bob.id, teamId: developers.id, role: 'member' } });

    const error = await failureOf(asAlice.createTeamMembership({ userId: bob.id, teamId: operators.id, role: 'member' }));
    expect(error).toMatchObject({ kind: 'http', method: 'POST', path: '/api/team_memberships', status: 403 });
    expect(error.userMessage).toMatch(/failed with 403 Forbidden: Permission denied to manage team memberships/);
  });

  it('finds no unknown membership to update, and says it is already gone when deleting it (404)', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const team = await makeTeam(target, 'developers');
    const client = target.adminClient();
    expect(await client.updateTeamMembership(987_654, { userId: alice.id, teamId: team.id, role: 'member' })).toBeUndefined();
    expect(await client.deleteTeamMembership(987_654)).toBe('already-gone');
  });

  it('refuses a leader to update or delete a membership of a team it does not lead (403)', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const bob = await target.createUser('bob');
    await makeTeam(target, 'developers', [alice.id]);
    const operators = await makeTeam(target, 'operators');
    const bobs = created(await target.adminClient().createTeamMembership({ userId: bob.id, teamId: operators.id, role: 'member' }));
    const asAlice = as(target, alice.username);

    const updating = await failureOf(asAlice.updateTeamMembership(bobs.id, { userId: bob.id, teamId: operators.id, role: 'leader' }));
    expect(updating).toMatchObject({ kind: 'http', method: 'PUT', path: `/api/team_memberships/${bobs.id}`, status: 403 });
    const deleting = await failureOf(asAlice.deleteTeamMembership(bobs.id));
    expect(deleting).toMatchObject({ kind: 'http', method: 'DELETE', path: `/api/team_memberships/${bobs.id}`, status: 403 });
  });

  it('refuses a user who leads no team (403 Access denied)', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const error = await failureOf(as(target, alice.username).listTeamMemberships());
    expect(error).toMatchObject({ kind: 'http', method: 'GET', path: '/api/team_memberships', status: 403 });
  });
});
