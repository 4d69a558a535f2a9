import { describe, expect, it } from 'vitest';
import { parseSeed } from '../../src/emulator/index.js';
import { ADMIN, call, emulator, login, seeded } from './support.js';

const USERS = `
users:
  - { username: admin, password: admin-password-1, role: admin }
  - { username: alice, password: alice-password-1 }
  - { username: bob, password: bob-password-12 }
`;

describe('parseSeed with teams', () => {
  it('reads teams with their leaders and members', () => {
    const seed = parseSeed(`${USERS}
teams:
  - name: Developers
    leaders: [Alice]
    members: [bob]
  - { name: ops }
`);
    expect(seed.teams).toEqual([{ name: 'Developers', leaders: ['Alice'], members: ['bob'] }, { name: 'ops' }]);
  });

  it.each([
    ['teams: [{ name: a, leaders: [zoe] }]', 'seed: teams[0].leaders[0] "zoe" is not a user of this seed'],
    ['teams: [{ name: a, leaders: [alice], members: [ALICE] }]', 'seed: teams[0].members[0] "ALICE" is listed twice in team "a"'],
    ['teams: [{ name: a }, { name: A }]', 'seed: teams[1].name "A" is the same team as teams[0] (team names ignore case)'],
    ['teams: [{ name: "" }]', 'seed: teams[0].name must not be empty'],
    ['teams: [{ name: a, owners: [alice] }]', 'seed: teams[0] has an unknown key "owners"'],
    ['teams: [{ name: a, members: alice }]', 'seed: teams[0].members must be a list'],
  ])('rejects %s with a clear message', (teams, message) => {
    expect(() => parseSeed(`${USERS}\n${teams}\n`)).toThrow(message);
  });
});

describe('seeded teams', () => {
  it('creates teams after the users, then each team’s leaders and members in order', async () => {
    const server = await emulator({ seed: parseSeed(`${USERS}\nteams: [{ name: Developers, leaders: [alice], members: [bob] }, { name: Ops, members: [alice] }]\n`) });
    const jwt = await login(server, ADMIN);
    expect((await call(server, 'GET', '/teams', { jwt })).body).toEqual([{ Id: 1, Name: 'Developers' }, { Id: 2, Name: 'Ops' }]);
    expect((await call(server, 'GET', '/team_memberships', { jwt })).body).toEqual([
      { Id: 1, UserID: 2, TeamID: 1, Role: 1 },
      { Id: 2, UserID: 3, TeamID: 1, Role: 2 },
      { Id: 3, UserID: 2, TeamID: 2, Role: 2 },
    ]);
  });

  it('refuses a programmatic seed naming a user it does not have', async () => {
    await expect(emulator({ seed: { teams: [{ name: 'x', members: ['nobody'] }] } })).rejects.toThrow('emulator: no user named "nobody"');
  });
});

describe('teams changed behind the tool’s back', () => {
  it('adds and removes teams and memberships without HTTP', async () => {
    const server = await seeded();
    expect(server.addTeam('Developers')).toBe(1);
    expect(() => server.addTeam('DEVELOPERS')).toThrow('a team named "Developers" already exists');
    server.addMembership('developers', 'Alice', 'leader');
    expect(() => server.addMembership('Developers', 'alice', 'member')).toThrow('"alice" is already in team "Developers"');
    expect(server.listTeams()).toEqual([{ id: 1, name: 'Developers', members: [{ userId: 2, username: 'alice', role: 'leader' }] }]);
    const jwt = await login(server, ADMIN);
    expect((await call(server, 'GET', '/users/2/memberships', { jwt })).body).toEqual([{ Id: 1, UserID: 2, TeamID: 1, Role: 1 }]);

    server.removeMembership('Developers', 'alice');
    server.addMembership('Developers', 'alice', 'member'); // a role change is a remove and an add
    expect(server.listTeams()[0]?.members).toEqual([{ userId: 2, username: 'alice', role: 'member' }]);
    expect(() => server.removeMembership('Developers', 'admin')).toThrow('"admin" is not in team "Developers"');
    expect(() => server.addMembership('Ops', 'alice', 'member')).toThrow('no team named "Ops"');

    server.removeTeam('developers');
    expect(server.listTeams()).toEqual([]);
    expect((await call(server, 'GET', '/team_memberships', { jwt })).body).toEqual([]);
  });

  it('drops a removed user’s memberships, and shows a membership of an unknown user id with no name', async () => {
    const server = await seeded();
    server.addTeam('Developers');
    server.addMembership('Developers', 'alice', 'member');
    server.removeUser('alice');
    expect(server.listTeams()[0]?.members).toEqual([]);
    const jwt = await login(server, ADMIN);
    await call(server, 'POST', '/team_memberships', { jwt, body: { UserID: 42, TeamID: 1, Role: 2 } });
    expect(server.listTeams()[0]?.members).toEqual([{ userId: 42, username: '', role: 'member' }]);
  });
});
