import { describe, expect, it } from 'vitest';
import { parseSeed } from '../../src/emulator/index.js';
import { ADMIN, call, emulator, login, seeded } from './support.js';

describe('parseSeed', () => {
  it('reads users, roles and API keys', () => {
    const seed = parseSeed(`
users:
  - username: admin
    password: admin-password-1
    role: admin
    apiKeys:
      - description: ci
        key: ptr_seeded
        dateCreated: 1700000000
        lastUsed: 1710000000
  - username: alice
    password: alice-password-1
`);
    expect(seed).toEqual({
      users: [
        { username: 'admin', password: 'admin-password-1', role: 'admin', apiKeys: [{ description: 'ci', key: 'ptr_seeded', dateCreated: 1_700_000_000, lastUsed: 1_710_000_000 }] },
        { username: 'alice', password: 'alice-password-1' },
      ],
    });
    expect(parseSeed('')).toEqual({});
    // A directory user of an LDAP or OAuth Portainer has no local password.
    expect(parseSeed('users: [{ username: carol }]')).toEqual({ users: [{ username: 'carol' }] });
  });

  it.each([
    ['users: [{ username: a, password: p, role: boss }]', 'seed: users[0].role must be "admin" or "standard", got "boss"'],
    ['users: [{ username: a, password: 12 }]', 'seed: users[0].password must be a string, got 12'],
    ['users: [{ username: a, password: p, colour: red }]', 'seed: users[0] has an unknown key "colour"'],
    ['users: [{ username: a, password: p }, { username: A, password: q }]', 'seed: users[1].username "A" is the same user as users[0]'],
    ['users: [{ username: a, password: p, apiKeys: [{ description: d, dateCreated: soon }] }]', 'seed: users[0].apiKeys[0].dateCreated must be unix seconds'],
    ['users: [{ username: a, password: p, apiKeys: [{ description: d, lastUsed: -1 }] }]', 'seed: users[0].apiKeys[0].lastUsed must be unix seconds'],
    ['users: {', 'seed: not valid YAML'],
    ['- just a list', 'seed: seed must be a mapping'],
  ])('rejects %s with a clear message', (text, message) => {
    expect(() => parseSeed(text)).toThrow(message);
  });
});

describe('seeding and changes behind the tool back', () => {
  it('gives the first seeded user Id 1 and makes seeded raw keys usable', async () => {
    const server = await emulator({ seed: parseSeed('users: [{ username: Admin, password: admin-password-1, role: admin, apiKeys: [{ description: ci, key: ptr_seeded }] }]') });
    const me = await call(server, 'GET', '/users/me', { apiKey: 'ptr_seeded' });
    expect(me.body).toMatchObject({ Id: 1, Username: 'admin', Role: 1 });
  });

  it('adds, changes and removes users and keys without HTTP', async () => {
    const server = await seeded();
    const id = server.addUser({ username: 'Carol', password: 'carol-password-1', role: 'admin' });
    expect(id).toBe(3);
    expect(() => server.addUser({ username: 'CAROL', password: 'x' })).toThrow('already exists');
    const rawKey = server.addApiKey('carol', { description: 'ops', dateCreated: 1_600_000_000 });
    expect((await call(server, 'GET', '/users', { apiKey: rawKey })).status).toBe(200);
    server.setRole('carol', 'standard');
    expect((await call(server, 'GET', '/users', { apiKey: rawKey })).status).toBe(403); // a key carries the current role
    expect(server.listUsers().map((user) => [user.id, user.username, user.role])).toEqual([
      [1, 'admin', 'admin'], [2, 'alice', 'standard'], [3, 'carol', 'standard'],
    ]);
    server.removeUser('Carol');
    expect(server.findUser('carol')).toBeUndefined();
    expect(() => server.setRole('carol', 'admin')).toThrow('no user named "carol"');
    const jwt = await login(server, ADMIN);
    expect((await call(server, 'GET', '/users', { jwt })).body).toHaveLength(2);
  });
});
