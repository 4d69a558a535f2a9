import { describe, expect, it } from 'vitest';
import { call, emulator, login } from './support.js';

describe('a fresh emulator, from admin init to a working API key', () => {
  it('initialises the admin, logs in, creates a user, and that user creates and uses a key', async () => {
    const server = await emulator();

    expect((await call(server, 'GET', '/users/admin/check')).status).toBe(404);
    const init = await call(server, 'POST', '/users/admin/init', { body: { Username: 'Admin', Password: 'admin-password-1' } });
    expect(init.status).toBe(200);
    expect(init.body).toMatchObject({ Id: 1, Username: 'admin', Role: 1 });
    expect(typeof init.body.Password).toBe('string'); // Portainer does not strip the hash here
    expect((await call(server, 'GET', '/users/admin/check')).status).toBe(204);

    const adminJwt = await login(server, { username: 'ADMIN', password: 'admin-password-1' });
    const created = await call(server, 'POST', '/users', {
      jwt: adminJwt,
      body: { username: 'Alice', password: 'alice-password-1', role: 2 },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ Id: 2, Username: 'alice', Role: 2, TokenIssueAt: 0 });
    expect(created.body).not.toHaveProperty('Password');

    const aliceJwt = await login(server, { username: 'alice', password: 'alice-password-1' });
    const key = await call(server, 'POST', '/users/2/tokens', {
      jwt: aliceJwt,
      body: { description: 'deploy', password: 'alice-password-1' },
    });
    expect(key.status).toBe(200);
    expect(key.body.rawAPIKey).toMatch(/^ptr_[A-Za-z0-9+/=]{44}$/);
    expect(key.body.apiKey).toMatchObject({ id: 1, userId: 2, description: 'deploy', prefix: key.body.rawAPIKey.slice(0, 7), lastUsed: 0 });
    expect(typeof key.body.apiKey.digest).toBe('string');
    expect(Math.abs(key.body.apiKey.dateCreated - Date.now() / 1000)).toBeLessThan(5);

    const me = await call(server, 'GET', '/users/me', { apiKey: key.body.rawAPIKey });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ Id: 2, Username: 'alice', Role: 2, ThemeSettings: { color: '' }, UseCache: false, forceChangePassword: false });
    expect(me.body).not.toHaveProperty('Password');

    const keys = await call(server, 'GET', '/users/2/tokens', { jwt: adminJwt });
    expect(keys.status).toBe(200);
    expect(keys.body).toEqual([
      { id: 1, userId: 2, description: 'deploy', prefix: key.body.apiKey.prefix, dateCreated: key.body.apiKey.dateCreated, lastUsed: expect.any(Number) },
    ]);
    expect(keys.body[0].lastUsed).toBeGreaterThan(0); // the key was just used

    const list = await call(server, 'GET', '/users', { jwt: adminJwt });
    expect(list.body).toEqual([
      { Id: 1, Username: 'admin', Role: 1 },
      { Id: 2, Username: 'alice', Role: 2 },
    ]);
    expect(server.findUser('ALICE')).toEqual({ id: 2, username: 'alice', role: 'standard', apiKeys: [{ id: 1, description: 'deploy', dateCreated: key.body.apiKey.dateCreated }] });
  });

  it('answers 201 for a key when configured like Portainer 2.19-2.23', async () => {
    const server = await emulator({ apiKeyCreateStatus: 201, seed: { users: [{ username: 'admin', password: 'admin-password-1', role: 'admin' }] } });
    const jwt = await login(server, { username: 'admin', password: 'admin-password-1' });
    const key = await call(server, 'POST', '/users/1/tokens', { jwt, body: { description: 'ci', password: 'admin-password-1' } });
    expect(key.status).toBe(201);
  });

  it('serves status and public settings without credentials', async () => {
    const server = await emulator({ minPasswordLength: 8 });
    const status = await call(server, 'GET', '/status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ Version: '2.45.0' });
    const settings = await call(server, 'GET', '/settings/public');
    expect(settings.body).toMatchObject({ RequiredPasswordLength: 8, RequiresSetupToken: false, AuthenticationMethod: 1 });
  });

  it('signs real HS256 JWTs carrying the user id and the issue time in whole seconds', async () => {
    const server = await emulator({ seed: { users: [{ username: 'admin', password: 'admin-password-1', role: 'admin' }] } });
    const jwt = await login(server, { username: 'admin', password: 'admin-password-1' });
    const [header, payload] = jwt.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({ id: 1, username: 'admin', role: 1 });
    expect(Number.isInteger(payload.iat)).toBe(true);
    const forged = `${jwt.split('.').slice(0, 2).join('.')}.${Buffer.from('nope').toString('base64url')}`;
    expect((await call(server, 'GET', '/users/me', { jwt: forged })).body).toEqual({ message: 'Invalid JWT token', details: 'Unauthorized' });
  });

  it('lets a short password log in but marks the token forceChangePassword', async () => {
    const server = await emulator({ minPasswordLength: 30, seed: { users: [{ username: 'admin', password: 'admin-password-1', role: 'admin' }] } });
    const jwt = await login(server, { username: 'admin', password: 'admin-password-1' });
    expect((await call(server, 'GET', '/users/me', { jwt })).body.forceChangePassword).toBe(true);
  });
});
