import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '../../src/portainer/index.js';
import { Secret } from '../../src/secret.js';
import { failureOf, itEmulated, PASSWORD, startTarget } from './target.js';

/** Portainer compares a JWT's issue time with the user's TokenIssueAt in whole seconds. */
async function untilNextSecond(): Promise<void> {
  await sleep(1000 - (Date.now() % 1000) + 20);
}

describe('logging in', () => {
  it('returns the JWT as a Secret, and a jwt client acts as that user', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const jwt = await target.client({ kind: 'none' }).login(alice.username, new Secret(PASSWORD));
    expect(jwt).toBeInstanceOf(Secret);
    expect(String(jwt)).toBe('[redacted]');
    expect(await target.client({ kind: 'jwt', jwt }).currentUser()).toMatchObject({ id: alice.id });
  });

  it('says "Invalid credentials for user" on 422, naming the user but never the password', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const error = await failureOf(target.client({ kind: 'none' }).login(alice.username, new Secret('wrong-password-77')));
    expect(error).toMatchObject({ kind: 'invalid-credentials', method: 'POST', path: '/api/auth', status: 422, portainerMessage: 'Invalid credentials' });
    expect(error.userMessage).toContain(`Invalid credentials for user "${alice.username}"`);
    expect(`${error.userMessage} ${error.message} ${error.stack}`).not.toContain('wrong-password-77');
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const target = await startTarget();
    const error = await failureOf(target.client({ kind: 'none' }).login(target.name('nobody'), new Secret(PASSWORD)));
    expect(error).toMatchObject({ status: 422 });
  });

  it('makes asUser return a client acting as that user', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const asAlice = await target.adminClient().asUser(alice.username, new Secret(PASSWORD));
    expect(await asAlice.currentUser()).toMatchObject({ id: alice.id, role: 'standard' });
  });
});

describe('password clients', () => {
  itEmulated('log in lazily, once, however many calls start together', async () => {
    const target = await startTarget();
    const admin = target.adminClient();
    expect(target.emulator!.requests).toHaveLength(0);
    await Promise.all([admin.listUsers(), admin.currentUser(), admin.getUser(1), admin.listUsers()]);
    expect(target.emulator!.requests.filter((r) => r.path === '/api/auth')).toHaveLength(1);
  });

  itEmulated('log in again once after a role change voids their JWT, and the call succeeds', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const asAlice = target.client({ kind: 'password', username: alice.username, password: new Secret(PASSWORD) });
    await asAlice.currentUser();
    await untilNextSecond();
    await target.adminClient().updateUser(alice.id, { role: 'admin' });
    target.emulator!.clearRequests();
    expect(await asAlice.currentUser()).toMatchObject({ role: 'admin' });
    expect(target.emulator!.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /api/users/me 401',
      'POST /api/auth 200',
      'GET /api/users/me 200',
    ]);
  });

  it('give up after one fresh login when Portainer still refuses', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const asAlice = target.client({ kind: 'password', username: alice.username, password: new Secret(PASSWORD) });
    await asAlice.currentUser();
    await untilNextSecond();
    await target.adminClient().updateUser(alice.id, { newPassword: new Secret('changed-password-0009') });
    const error = await failureOf(asAlice.currentUser());
    expect(error).toMatchObject({ status: 422, portainerMessage: 'Invalid credentials' });
  });

  it('leave a jwt client failing with 401 once its JWT is void', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const jwt = await target.client({ kind: 'none' }).login(alice.username, new Secret(PASSWORD));
    await untilNextSecond();
    await target.adminClient().updateUser(alice.id, { role: 'admin' });
    const error = await failureOf(target.client({ kind: 'jwt', jwt }).currentUser());
    expect(error).toMatchObject({ kind: 'http', status: 401, path: '/api/users/me' });
  });
});

describe('request events', () => {
  it('report each call with method, path, status and time, and no secret', async () => {
    const target = await startTarget();
    const events: RequestEvent[] = [];
    const admin = target.adminClient({ onRequest: (event) => events.push(event) });
    await admin.listUsers();
    await failureOf(admin.getUser(987_654));
    expect(events.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'POST /api/auth 200',
      'GET /api/users 200',
      'GET /api/users/987654 404',
    ]);
    expect(events.every((e) => typeof e.ms === 'number' && e.ms >= 0)).toBe(true);
    expect(JSON.stringify(events)).not.toContain(target.admin.password.reveal());
  });
});
