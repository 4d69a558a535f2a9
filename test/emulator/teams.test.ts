import { describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { ADMIN, ALICE, call, emulator, login } from './support.js';

const BOB = { username: 'bob', password: 'bob-password-12' } as const;

/** admin (1), alice (2), bob (3); alice leads "Developers" (1), bob is a member of "Ops" (2). */
const WORLD: EmulatorSeed = {
  users: [{ ...ADMIN, role: 'admin' }, { ...ALICE }, { ...BOB }],
  teams: [{ name: 'Developers', leaders: ['alice'] }, { name: 'Ops', members: ['bob'] }],
};

async function world() {
  const server = await emulator({ seed: WORLD });
  return { server, admin: await login(server, ADMIN), alice: await login(server, ALICE), bob: await login(server, BOB) };
}

describe('POST /teams', () => {
  it('creates a team with its name as sent and a leader membership for each TeamLeaders id', async () => {
    const { server, admin } = await world();
    const created = await call(server, 'POST', '/teams', { jwt: admin, body: { name: 'QA Team', teamLeaders: [2, 3] } });
    expect(created).toMatchObject({ status: 200, body: { Id: 3, Name: 'QA Team' } });
    const memberships = await call(server, 'GET', '/teams/3/memberships', { jwt: admin });
    expect(memberships.body).toEqual([
      { Id: 3, UserID: 2, TeamID: 3, Role: 1 },
      { Id: 4, UserID: 3, TeamID: 3, Role: 1 },
    ]);
  });

  it('refuses a name taken by another team ignoring case with 409', async () => {
    const { server, admin } = await world();
    const answer = await call(server, 'POST', '/teams', { jwt: admin, body: { Name: 'developers' } });
    expect(answer).toMatchObject({ status: 409, body: { message: 'A team with the same name already exists', details: 'Team already exists' } });
  });

  it.each([
    [{ Name: '' }, 'Invalid team name'],
    [{ Name: 'x', TeamLeaders: 'alice' }, 'Json: cannot unmarshal string into Go struct field .TeamLeaders'],
    ['not json', 'Unexpected token'],
  ])('answers 400 Invalid request payload to %j', async (body, details) => {
    const { server, admin } = await world();
    const answer = await call(server, 'POST', '/teams', { jwt: admin, body });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe('Invalid request payload');
    expect(answer.body.details).toContain(details);
  });

  it('is for admins only, team leaders included', async () => {
    const { server, alice } = await world();
    const answer = await call(server, 'POST', '/teams', { jwt: alice, body: { Name: 'mine' } });
    expect(answer).toMatchObject({ status: 403, body: { message: 'Access denied', details: 'Unauthorized' } });
  });
});

describe('GET /teams and GET /teams/{id}', () => {
  it('shows an admin every team and anyone else the teams they belong to', async () => {
    const { server, admin, alice, bob } = await world();
    expect((await call(server, 'GET', '/teams', { jwt: admin })).body).toEqual([{ Id: 1, Name: 'Developers' }, { Id: 2, Name: 'Ops' }]);
    expect((await call(server, 'GET', '/teams', { jwt: alice })).body).toEqual([{ Id: 1, Name: 'Developers' }]);
    expect((await call(server, 'GET', '/teams', { jwt: bob })).body).toEqual([{ Id: 2, Name: 'Ops' }]);
  });

  it('keeps only the teams the caller leads with onlyLedTeams, which for an admin is none', async () => {
    const { server, admin, alice, bob } = await world();
    expect((await call(server, 'GET', '/teams?onlyLedTeams=true', { jwt: alice })).body).toEqual([{ Id: 1, Name: 'Developers' }]);
    expect((await call(server, 'GET', '/teams?onlyLedTeams=true', { jwt: bob })).body).toEqual([]);
    expect((await call(server, 'GET', '/teams?onlyLedTeams=true', { jwt: admin })).body).toEqual([]);
  });

  it('lets an admin or the team leader inspect a team', async () => {
    const { server, admin, alice, bob } = await world();
    expect(await call(server, 'GET', '/teams/1', { jwt: alice })).toMatchObject({ status: 200, body: { Id: 1, Name: 'Developers' } });
    expect(await call(server, 'GET', '/teams/2', { jwt: alice })).toMatchObject({
      status: 403, body: { message: 'Access denied to team', details: 'Access denied to resource' },
    });
    // bob leads nothing, so the router turns him away before the handler
    expect(await call(server, 'GET', '/teams/2', { jwt: bob })).toMatchObject({ status: 403, body: { message: 'Access denied', details: 'Unauthorized' } });
    expect(await call(server, 'GET', '/teams/99', { jwt: admin })).toMatchObject({
      status: 404, body: { message: 'Unable to find a team with the specified identifier inside the database', details: 'Object not found inside the database' },
    });
    expect(await call(server, 'GET', '/teams/99', { jwt: alice })).toMatchObject({ status: 403 }); // checked before the lookup
    expect(await call(server, 'GET', '/teams/x', { jwt: admin })).toMatchObject({ status: 400, body: { message: 'Invalid team identifier route variable' } });
  });
});

describe('PUT /teams/{id}', () => {
  it('renames a team and leaves it alone when the name is empty', async () => {
    const { server, admin } = await world();
    expect(await call(server, 'PUT', '/teams/2', { jwt: admin, body: { Name: 'Operations' } })).toMatchObject({ status: 200, body: { Id: 2, Name: 'Operations' } });
    expect(await call(server, 'PUT', '/teams/2', { jwt: admin, body: {} })).toMatchObject({ status: 200, body: { Name: 'Operations' } });
  });

  it('does not check the new name against other teams, as Portainer does not', async () => {
    const { server, admin } = await world();
    expect(await call(server, 'PUT', '/teams/2', { jwt: admin, body: { Name: 'DEVELOPERS' } })).toMatchObject({ status: 200 });
    expect(server.listTeams().map((team) => team.name)).toEqual(['Developers', 'DEVELOPERS']);
  });

  it('answers 404 for an unknown team and 403 to non-admins', async () => {
    const { server, admin, alice } = await world();
    expect((await call(server, 'PUT', '/teams/99', { jwt: admin, body: { Name: 'x' } })).status).toBe(404);
    expect((await call(server, 'PUT', '/teams/1', { jwt: alice, body: { Name: 'x' } })).status).toBe(403);
  });
});

describe('DELETE /teams/{id}', () => {
  it('deletes the team and its memberships, and nobody else’s', async () => {
    const { server, admin } = await world();
    expect((await call(server, 'DELETE', '/teams/1', { jwt: admin })).status).toBe(204);
    expect((await call(server, 'GET', '/team_memberships', { jwt: admin })).body).toEqual([{ Id: 2, UserID: 3, TeamID: 2, Role: 2 }]);
    expect(await call(server, 'DELETE', '/teams/1', { jwt: admin })).toMatchObject({
      status: 404, body: { message: 'Unable to find a team with the specified identifier inside the database' },
    });
  });

  it('is for admins only', async () => {
    const { server, alice } = await world();
    expect(await call(server, 'DELETE', '/teams/1', { jwt: alice })).toMatchObject({ status: 403, body: { message: 'Access denied' } });
  });

  it('gives `[]` for the memberships of an unknown team, which Portainer does not look up', async () => {
    const { server, admin } = await world();
    expect(await call(server, 'GET', '/teams/99/memberships', { jwt: admin })).toMatchObject({ status: 200, body: [] });
  });
});
