import { describe, expect, it } from 'vitest';
import { ADMIN, ALICE, call, login, nextSecond, seeded } from './support.js';

describe('JWT lifetime', () => {
  it('refuses a JWT issued before a role change', async () => {
    const server = await seeded();
    const admin = await login(server, ADMIN);
    const alice = await login(server, ALICE);
    await nextSecond();
    expect((await call(server, 'PUT', '/users/2', { jwt: admin, body: { role: 1 } })).status).toBe(200);
    const answer = await call(server, 'GET', '/users/me', { jwt: alice });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: 'Invalid JWT token', details: 'Unauthorized' });
    const fresh = await login(server, ALICE);
    expect((await call(server, 'GET', '/users', { jwt: fresh })).status).toBe(200); // now an admin
  });

  it('refuses a JWT issued before a password change, and keeps API keys working', async () => {
    const server = await seeded();
    const rawKey = server.addApiKey('alice', { description: 'deploy' });
    const alice = await login(server, ALICE);
    await nextSecond();
    const changed = await call(server, 'PUT', '/users/2/passwd', { jwt: alice, body: { password: ALICE.password, newPassword: 'brand-new-password' } });
    expect(changed.status).toBe(204);
    expect((await call(server, 'GET', '/users/me', { jwt: alice })).status).toBe(401);
    expect((await call(server, 'GET', '/users/me', { apiKey: rawKey })).status).toBe(200);
  });

  it('refuses a JWT of another emulator process (per-process secret)', async () => {
    const first = await seeded();
    const second = await seeded();
    const jwt = await login(first, ADMIN);
    expect((await call(second, 'GET', '/users/me', { jwt })).status).toBe(401);
  });

  it('also refuses a JWT after a role change made behind the tool back', async () => {
    const server = await seeded();
    const alice = await login(server, ALICE);
    await nextSecond();
    server.setRole('alice', 'admin');
    expect((await call(server, 'GET', '/users/me', { jwt: alice })).status).toBe(401);
  });
});

describe('credentials on one request', () => {
  it('refuses X-API-Key and Authorization together with 401, as Portainer 2.45 does', async () => {
    const server = await seeded();
    const rawKey = server.addApiKey('admin', { description: 'ci' });
    const jwt = await login(server, ADMIN);
    const answer = await call(server, 'GET', '/users', { jwt, apiKey: rawKey });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: 'API key and auth header are not allowed at the same time', details: 'Unauthorized' });
  });

  it('sets the portainer_api_key cookie on login; a write with only the cookie and no Origin is refused', async () => {
    const server = await seeded();
    const login = await call(server, 'POST', '/auth', { body: ADMIN });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toBe(`portainer_api_key=${login.body.jwt}`);
    expect((await call(server, 'GET', '/users', { headers: { cookie } })).status).toBe(200);
    const bob = { username: 'bob', password: 'bob-password-12', role: 2 };
    const write = await call(server, 'POST', '/users', { headers: { cookie }, body: bob });
    expect(write).toMatchObject({ status: 403, body: 'Forbidden\n' });
    expect(server.findUser('bob')).toBeUndefined();
    expect((await call(server, 'POST', '/users', { headers: { cookie }, jwt: login.body.jwt, body: bob })).status).toBe(200);
  });

  it('answers 401 Invalid JWT token for an unknown API key', async () => {
    const server = await seeded();
    const answer = await call(server, 'GET', '/users/me', { apiKey: 'ptr_not-a-key' });
    expect(answer.body).toEqual({ message: 'Invalid JWT token', details: 'Unauthorized' });
  });
});
