import { describe, expect, it } from 'vitest';
import { ADMIN, ALICE, call, login, seeded } from './support.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const wrongLogin = (server: Awaited<ReturnType<typeof seeded>>) =>
  call(server, 'POST', '/auth', { body: { username: 'admin', password: 'wrong-password-1' } });

describe('the shared rate limiter', () => {
  it('with Portainer defaults: 10 quick calls pass, the 11th gets 403 Access denied, and the IP stays banned', async () => {
    const server = await seeded(); // Portainer's defaults: burst 10, one a second, banned for an hour
    const first = await call(server, 'POST', '/auth', { body: ADMIN });
    expect(first.status).toBe(200);
    const next: number[] = [];
    for (let i = 2; i <= 10; i += 1) next.push((await wrongLogin(server)).status);
    expect(next).toEqual(Array(9).fill(422));
    expect((await wrongLogin(server)).status).toBe(403); // the 11th
    await sleep(1100); // a token has come back, but the ban holds
    const banned = await call(server, 'POST', '/auth', { body: ADMIN });
    expect(banned.status).toBe(403);
    expect(banned.body).toEqual({ message: 'Access denied', details: 'Access denied to resource' });
    // The ban covers the other limited routes, but not the rest of the API.
    const passwd = await call(server, 'PUT', '/users/1/passwd', { jwt: first.body.jwt, body: { password: ADMIN.password, newPassword: 'brand-new-password' } });
    expect([passwd.status, passwd.body.message]).toEqual([403, 'Access denied']);
    expect((await call(server, 'GET', '/users', { jwt: first.body.jwt })).status).toBe(200);
  });

  it('refills the bucket over time and lifts the ban after banMs', async () => {
    const server = await seeded({ rateLimit: { burst: 2, perSecond: 10, banMs: 300 } });
    expect((await wrongLogin(server)).status).toBe(422);
    expect((await wrongLogin(server)).status).toBe(422);
    expect((await wrongLogin(server)).status).toBe(403);
    await sleep(150); // tokens are back, the ban is not over
    expect((await wrongLogin(server)).status).toBe(403);
    await sleep(250);
    expect((await wrongLogin(server)).status).toBe(422);
    expect((await wrongLogin(server)).status).toBe(422);
  });

  it('shares one bucket between login, key creation and password change, counted after authentication', async () => {
    const server = await seeded({ rateLimit: { burst: 2, perSecond: 0.001, banMs: 60_000 } });
    const alice = await login(server, ALICE);
    // Unauthenticated calls to the token route are refused by the bouncer first and cost nothing.
    expect((await call(server, 'POST', '/users/2/tokens', { body: { description: 'x', password: ALICE.password } })).status).toBe(401);
    const key = await call(server, 'POST', '/users/2/tokens', { jwt: alice, body: { description: 'deploy', password: ALICE.password } });
    expect(key.status).toBe(200);
    const passwd = await call(server, 'PUT', '/users/2/passwd', { jwt: alice, body: { password: ALICE.password, newPassword: 'brand-new-password' } });
    expect([passwd.status, passwd.body.message]).toEqual([403, 'Access denied']);
  });
});
