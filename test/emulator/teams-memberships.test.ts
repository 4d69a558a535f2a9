import { describe, expect, it } from 'vitest';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { ADMIN, ALICE, call, emulator, login } from './support.js';

const BOB = { username: 'bob', password: 'bob-password-12' } as const;
const CAROL = { username: 'carol', password: 'carol-password-1' } as const;

/**
 * admin (1), alice (2), bob (3), carol (4). Memberships: 1 alice leads Developers (team 1),
 * 2 bob is in Developers, 3 carol leads Ops (team 2).
 */
const WORLD: EmulatorSeed = {
  users: [{ ...ADMIN, role: 'admin' }, { ...ALICE }, { ...BOB }, { ...CAROL }],
  teams: [{ name: 'Developers', leaders: ['alice'], members: ['bob'] }, { name: 'Ops', leaders: ['carol'] }],
};

async function world() {
  const server = await emulator({ seed: WORLD });
  const [admin, alice, bob, carol] = await Promise.all([ADMIN, ALICE, BOB, CAROL].map((user) => login(server, user)));
  return { server, admin: admin!, alice: alice!, bob: bob!, carol: carol! };
}

describe('POST /team_memberships', () => {
  it('lets an admin add anyone to any team', async () => {
    const { server, admin } = await world();
    const answer = await call(server, 'POST', '/team_memberships', { jwt: admin, body: { UserID: 4, TeamID: 1, Role: 2 } });
    expect(answer).toMatchObject({ status: 200, body: { Id: 4, UserID: 4, TeamID: 1, Role: 2 } });
  });

  it('lets a leader manage their own team only', async () => {
    const { server, alice } = await world();
    expect((await call(server, 'POST', '/team_memberships', { jwt: alice, body: { UserID: 4, TeamID: 1, Role: 1 } })).status).toBe(200);
    expect(await call(server, 'POST', '/team_memberships', { jwt: alice, body: { UserID: 3, TeamID: 2, Role: 2 } })).toMatchObject({
      status: 403, body: { message: 'Permission denied to manage team memberships', details: 'Access denied to resource' },
    });
  });

  it('turns away a plain member at the router', async () => {
    const { server, bob } = await world();
    expect(await call(server, 'POST', '/team_memberships', { jwt: bob, body: { UserID: 4, TeamID: 1, Role: 2 } })).toMatchObject({
      status: 403, body: { message: 'Access denied', details: 'Unauthorized' },
    });
  });

  it('answers 409 to a second membership of the same user in the same team, whatever its role', async () => {
    const { server, admin } = await world();
    expect(await call(server, 'POST', '/team_memberships', { jwt: admin, body: { UserID: 3, TeamID: 1, Role: 1 } })).toMatchObject({
      status: 409, body: { message: 'Team membership already registered', details: 'Team membership already exists for this user and team' },
    });
  });

  it.each([
    [{ TeamID: 1, Role: 2 }, 'Invalid UserID'],
    [{ UserID: 4, Role: 2 }, 'Invalid TeamID'],
    [{ UserID: 4, TeamID: 1, Role: 3 }, 'Invalid role value. Value must be one of: 1 (leader) or 2 (member)'],
    [{ UserID: '4', TeamID: 1, Role: 2 }, 'Json: cannot unmarshal string into Go struct field .UserID'],
  ])('answers 400 Invalid request payload to %j', async (body, details) => {
    const { server, admin } = await world();
    expect(await call(server, 'POST', '/team_memberships', { jwt: admin, body })).toMatchObject({
      status: 400, body: { message: 'Invalid request payload', details },
    });
  });
});

describe('GET /team_memberships', () => {
  it('shows an admin every membership and a leader those of the teams they lead', async () => {
    const { server, admin, alice, carol, bob } = await world();
    expect((await call(server, 'GET', '/team_memberships', { jwt: admin })).body).toEqual([
      { Id: 1, UserID: 2, TeamID: 1, Role: 1 },
      { Id: 2, UserID: 3, TeamID: 1, Role: 2 },
      { Id: 3, UserID: 4, TeamID: 2, Role: 1 },
    ]);
    expect((await call(server, 'GET', '/team_memberships', { jwt: alice })).body.map((m: { Id: number }) => m.Id)).toEqual([1, 2]);
    expect((await call(server, 'GET', '/team_memberships', { jwt: carol })).body.map((m: { Id: number }) => m.Id)).toEqual([3]);
    expect((await call(server, 'GET', '/team_memberships', { jwt: bob })).status).toBe(403);
  });

  it('decides leadership from the memberships as they are now, not as they were at login', async () => {
    const { server, admin, bob } = await world();
    await call(server, 'PUT', '/team_memberships/2', { jwt: admin, body: { UserID: 3, TeamID: 1, Role: 1 } });
    expect((await call(server, 'GET', '/team_memberships', { jwt: bob })).status).toBe(200);
  });
});

describe('PUT /team_memberships/{id}', () => {
  it('changes a role for an admin or the leader of the team', async () => {
    const { server, alice } = await world();
    const answer = await call(server, 'PUT', '/team_memberships/2', { jwt: alice, body: { UserID: 3, TeamID: 1, Role: 1 } });
    expect(answer).toMatchObject({ status: 200, body: { Id: 2, UserID: 3, TeamID: 1, Role: 1 } });
  });

  it('needs a leader of both teams to move a membership', async () => {
    const { server, alice } = await world();
    expect(await call(server, 'PUT', '/team_memberships/2', { jwt: alice, body: { UserID: 3, TeamID: 2, Role: 2 } })).toMatchObject({
      status: 403, body: { message: 'Permission denied to update the membership', details: 'Access denied to resource' },
    });
  });

  it('answers 404 to an unknown membership, after checking the payload', async () => {
    const { server, admin } = await world();
    expect(await call(server, 'PUT', '/team_memberships/99', { jwt: admin, body: { UserID: 3, TeamID: 1, Role: 1 } })).toMatchObject({
      status: 404, body: { message: 'Unable to find a team membership with the specified identifier inside the database' },
    });
    expect((await call(server, 'PUT', '/team_memberships/99', { jwt: admin, body: {} })).status).toBe(400);
  });
});

describe('DELETE /team_memberships/{id}', () => {
  it('removes a membership for the leader of its team only', async () => {
    const { server, alice, carol } = await world();
    expect(await call(server, 'DELETE', '/team_memberships/2', { jwt: carol })).toMatchObject({
      status: 403, body: { message: 'Permission denied to delete the membership', details: 'Access denied to resource' },
    });
    expect((await call(server, 'DELETE', '/team_memberships/2', { jwt: alice })).status).toBe(204);
    expect(await call(server, 'DELETE', '/team_memberships/2', { jwt: alice })).toMatchObject({ status: 404 });
    expect(await call(server, 'DELETE', '/team_memberships/x', { jwt: alice })).toMatchObject({
      status: 400, body: { message: 'Invalid membership identifier route variable' },
    });
  });
});

describe('memberships seen from the users API', () => {
  it('lists one user’s memberships for an admin or that user', async () => {
    const { server, admin, bob } = await world();
    expect((await call(server, 'GET', '/users/2/memberships', { jwt: admin })).body).toEqual([{ Id: 1, UserID: 2, TeamID: 1, Role: 1 }]);
    expect((await call(server, 'GET', '/users/3/memberships', { jwt: bob })).body).toEqual([{ Id: 2, UserID: 3, TeamID: 1, Role: 2 }]);
    expect((await call(server, 'GET', '/users/2/memberships', { jwt: bob })).status).toBe(403);
  });

  it('lets a team leader list the non-admin users', async () => {
    const { server, alice, bob } = await world();
    const answer = await call(server, 'GET', '/users', { jwt: alice });
    expect(answer.body.map((user: { Username: string }) => user.Username)).toEqual(['alice', 'bob', 'carol']);
    expect((await call(server, 'GET', '/users', { jwt: bob })).status).toBe(403);
  });

  it('removes a deleted user’s memberships with it', async () => {
    const { server, admin } = await world();
    expect((await call(server, 'DELETE', '/users/3', { jwt: admin })).status).toBe(204);
    expect((await call(server, 'GET', '/team_memberships', { jwt: admin })).body.map((m: { UserID: number }) => m.UserID)).toEqual([2, 4]);
    expect((await call(server, 'GET', '/users/3/memberships', { jwt: admin })).body).toEqual([]);
  });
});
