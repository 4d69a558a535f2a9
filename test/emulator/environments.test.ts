import { describe, expect, it } from 'vitest';
import { parseSeed } from '../../src/emulator/index.js';
import { ADMIN, ALICE, call, emulator, login } from './support.js';

/** The emulator's environments over raw HTTP: the wire shapes, the payload decoding, the seed. */
const SEED = `
users:
  - { username: admin, password: admin-password-1, role: admin }
  - { username: alice, password: alice-password-1 }
teams:
  - { name: ops, members: [alice] }
environmentGroups:
  - { name: edge, teams: [{ name: ops, roleId: 5 }] }
environments:
  - { name: production, users: [{ name: alice, roleId: 3 }] }
  - { name: gateway, group: edge }
  - { name: lab }
`;

describe('emulated environments', () => {
  it('seeds environments and groups with their grants, as Portainer sends them', async () => {
    const server = await emulator({ seed: parseSeed(SEED) });
    const jwt = await login(server, ADMIN);
    const list = await call(server, 'GET', '/endpoints?excludeSnapshots=true', { jwt });
    expect(list.headers.get('x-total-count')).toBe('3');
    expect(list.body[0]).toMatchObject({ Id: 1, Name: 'production', GroupId: 1, UserAccessPolicies: { '2': { RoleId: 3 } }, TeamAccessPolicies: {}, Snapshots: [] });
    expect(list.body[1]).toMatchObject({ Name: 'gateway', GroupId: 2 });
    expect((await call(server, 'GET', '/endpoints', { jwt })).body[0].Snapshots).toHaveLength(1);
    expect((await call(server, 'GET', '/endpoint_groups', { jwt })).body).toEqual([
      { Id: 1, Name: 'Unassigned', Description: 'Unassigned endpoints', TagIds: [], UserAccessPolicies: {}, TeamAccessPolicies: {} },
      { Id: 2, Name: 'edge', Description: '', TagIds: [], UserAccessPolicies: {}, TeamAccessPolicies: { '1': { RoleId: 5 } } },
    ]);
  });

  it('shows a non-admin the environments it may use, through its own grant or its team\'s group, without user policies', async () => {
    const server = await emulator({ seed: parseSeed(SEED) });
    const jwt = await login(server, ALICE);
    const list = await call(server, 'GET', '/endpoints', { jwt });
    expect(list.body.map((environment: { Name: string }) => environment.Name)).toEqual(['production', 'gateway']);
    expect(list.body[0].UserAccessPolicies).toEqual({});
    expect((await call(server, 'GET', '/endpoints/3', { jwt })).status).toBe(403);
    expect((await call(server, 'GET', '/roles', { jwt })).status).toBe(403);
  });

  it.each([
    ['not JSON', '{'],
    ['a policy key that is not a number', { UserAccessPolicies: { alice: { RoleId: 1 } } }],
    ['a RoleId that is not a whole number', { UserAccessPolicies: { '2': { RoleId: 'admin' } } }],
    ['a map that is a list', { TeamAccessPolicies: [1, 2] }],
  ])('answers 400 Invalid request payload for %s', async (_, body) => {
    const server = await emulator({ seed: parseSeed(SEED) });
    const jwt = await login(server, ADMIN);
    const answer = await call(server, 'PUT', '/endpoints/1', { jwt, body });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe('Invalid request payload');
  });

  it('refuses a name another environment has (409), and an unknown id (404)', async () => {
    const server = await emulator({ seed: parseSeed(SEED) });
    const jwt = await login(server, ADMIN);
    expect((await call(server, 'PUT', '/endpoints/1', { jwt, body: { Name: 'lab' } })).status).toBe(409);
    expect((await call(server, 'PUT', '/endpoints/99', { jwt, body: {} })).status).toBe(404);
    expect((await call(server, 'GET', '/endpoint_groups/99', { jwt })).status).toBe(404);
  });

  it.each([
    ['environments: [{ name: a }, { name: a }]', 'seed: environments[1].name "a" is taken (environment names are unique)'],
    ['environments: [{ name: a, group: nowhere }]', 'no environment group named "nowhere"'],
    ['environments: [{ name: a, users: [{ name: zoe }] }]', 'no user named "zoe"'],
    ['environments: [{ name: a, owners: [] }]', 'seed: environments[0] has an unknown key "owners"'],
    ['environmentGroups: [{ name: g, teams: [{ name: ops, roleId: "x" }] }]', 'seed: environmentGroups[0].teams[0].roleId must be a whole number'],
  ])('rejects a seed with %s', async (yaml, message) => {
    await expect(async () => emulator({ seed: parseSeed(`users: [{ username: admin, password: admin-password-1, role: admin }]\nteams: [{ name: ops }]\n${yaml}\n`) })).rejects.toThrow(message);
  });
});

describe('another client writing back a stale copy of access (back door)', () => {
  it('undoes the next PUTs it is armed for, last writer winning as on Portainer, then leaves the maps alone', async () => {
    const server = await emulator({ seed: parseSeed(SEED) });
    const jwt = await login(server, ADMIN);
    server.writeBackStaleAccess({ environment: 'lab' }, 1);
    server.writeBackStaleAccess({ group: 'edge' }, 1);
    const put = (path: string, body: unknown) => call(server, 'PUT', path, { jwt, body });
    // Portainer's own answer to the PUT shows the map as written; the other client's write lands right after.
    expect((await put('/endpoints/3', { UserAccessPolicies: { '2': { RoleId: 3 } } })).body.UserAccessPolicies).toEqual({ '2': { RoleId: 3 } });
    expect((await call(server, 'GET', '/endpoints/3', { jwt })).body.UserAccessPolicies).toEqual({});
    await put('/endpoint_groups/2', { TeamAccessPolicies: {} });
    expect((await call(server, 'GET', '/endpoint_groups/2', { jwt })).body.TeamAccessPolicies).toEqual({ '1': { RoleId: 5 } });
    await put('/endpoints/3', { UserAccessPolicies: { '2': { RoleId: 3 } } });
    expect((await call(server, 'GET', '/endpoints/3', { jwt })).body.UserAccessPolicies).toEqual({ '2': { RoleId: 3 } });
  });
});
