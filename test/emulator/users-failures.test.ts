import { describe, expect, it } from 'vitest';
import { ADMIN, ALICE, call, emulator, idOf, login, nextSecond, seeded } from './support.js';

const error = (message: string) => ({ message, details: expect.any(String) });

describe('admin init failures', () => {
  it('refuses an empty or spaced username and an empty password with 400 Invalid request payload', async () => {
    const server = await emulator();
    for (const body of [{ Username: '', Password: 'long-enough-pw' }, { Username: 'a b', Password: 'long-enough-pw' }, { Username: 'admin', Password: '' }]) {
      const answer = await call(server, 'POST', '/users/admin/init', { body });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual(error('Invalid request payload'));
    }
  });

  it('refuses a short password with 400 and a second init with 409', async () => {
    const server = await emulator();
    const short = await call(server, 'POST', '/users/admin/init', { body: { username: 'admin', password: 'short' } });
    expect([short.status, short.body.message]).toEqual([400, 'Password does not meet the requirements']);
    expect((await call(server, 'POST', '/users/admin/init', { body: ADMIN })).status).toBe(200);
    const again = await call(server, 'POST', '/users/admin/init', { body: { username: 'other', password: 'other-password-1' } });
    expect([again.status, again.body.message]).toEqual([409, 'Unable to create administrator user']);
  });
});

describe('login and user creation', () => {
  it('answers 422 Invalid credentials for a wrong password and for an unknown user alike', async () => {
    const server = await seeded();
    for (const body of [{ username: 'admin', password: 'wrong-password-1' }, { username: 'nobody', password: 'whatever-pass' }]) {
      const answer = await call(server, 'POST', '/auth', { body });
      expect(answer.status).toBe(422);
      expect(answer.body).toEqual({ message: 'Invalid credentials', details: 'Unauthorized' });
    }
  });

  it('treats usernames case-insensitively for login, create and rename, and stores created names lower-cased', async () => {
    const server = await seeded();
    const jwt = await login(server, { username: 'AdMiN', password: ADMIN.password });
    const duplicate = await call(server, 'POST', '/users', { jwt, body: { username: 'ALICE', password: 'another-password', role: 2 } });
    expect([duplicate.status, duplicate.body.message]).toEqual([409, 'Another user with the same username already exists']);
    const bob = await call(server, 'POST', '/users', { jwt, body: { Username: 'BoB', Password: 'bob-password-12', Role: 2 } });
    expect(bob.body.Username).toBe('bob');
    const renameTaken = await call(server, 'PUT', `/users/${bob.body.Id}`, { jwt, body: { username: 'Alice' } });
    expect([renameTaken.status, renameTaken.body.message]).toEqual([409, 'Another user with the same username already exists']);
    const renamed = await call(server, 'PUT', `/users/${bob.body.Id}`, { jwt, body: { username: 'Robert' } });
    expect(renamed.body.Username).toBe('Robert'); // a rename keeps the case as sent
    expect(server.findUser('robert')?.username).toBe('Robert');
  });

  it('refuses a bad role, a spaced username, a short password and a standard caller', async () => {
    const server = await seeded();
    const jwt = await login(server, ADMIN);
    const badRole = await call(server, 'POST', '/users', { jwt, body: { username: 'bob', password: 'bob-password-12', role: 3 } });
    expect([badRole.status, badRole.body.message]).toEqual([400, 'Invalid request payload']);
    const spaced = await call(server, 'POST', '/users', { jwt, body: { username: 'b ob', password: 'bob-password-12', role: 2 } });
    expect(spaced.status).toBe(400);
    const short = await call(server, 'POST', '/users', { jwt, body: { username: 'bob', password: 'short', role: 2 } });
    expect([short.status, short.body.message]).toEqual([400, 'Password does not meet the requirements']);
    const alice = await login(server, ALICE);
    const byStandard = await call(server, 'POST', '/users', { jwt: alice, body: { username: 'bob', password: 'bob-password-12', role: 2 } });
    expect([byStandard.status, byStandard.body.message]).toEqual([403, 'Access denied']);
  });
});

describe('reading users', () => {
  it('lets only admins list users, and a standard user inspect only itself', async () => {
    const server = await seeded();
    const alice = await login(server, ALICE);
    const list = await call(server, 'GET', '/users', { jwt: alice });
    expect([list.status, list.body.message]).toEqual([403, 'Permission denied to access users list']);
    expect((await call(server, 'GET', '/users/2', { jwt: alice })).status).toBe(200);
    expect((await call(server, 'GET', '/users/1', { jwt: alice })).status).toBe(403);
    const admin = await login(server, ADMIN);
    const unknown = await call(server, 'GET', '/users/99', { jwt: admin });
    expect([unknown.status, unknown.body.message]).toEqual([404, 'Unable to find a user with the specified identifier inside the database']);
    expect((await call(server, 'GET', '/users/99/memberships', { jwt: admin })).body).toEqual([]);
    expect((await call(server, 'GET', '/users/2/memberships', { jwt: alice })).body).toEqual([]);
  });

  it('answers 401 without credentials', async () => {
    const server = await seeded();
    const answer = await call(server, 'GET', '/users');
    expect(answer).toMatchObject({ status: 401, body: { message: 'A valid authorization token is missing' } });
  });
});

describe('updating users and passwords', () => {
  it('forbids a standard user to change its role or name, and checks password fields', async () => {
    const server = await seeded();
    const alice = await login(server, ALICE);
    const role = await call(server, 'PUT', '/users/2', { jwt: alice, body: { role: 1 } });
    expect([role.status, role.body.message]).toEqual([403, 'Permission denied to update user to administrator role']);
    const rename = await call(server, 'PUT', '/users/2', { jwt: alice, body: { username: 'alicia' } });
    expect([rename.status, rename.body.message]).toEqual([403, 'Permission denied. Unable to update username']);
    const noNew = await call(server, 'PUT', '/users/2', { jwt: alice, body: { password: ALICE.password } });
    expect([noNew.status, noNew.body.message]).toEqual([400, 'Existing password field specified without new password field.']);
    const wrongCurrent = await call(server, 'PUT', '/users/2', { jwt: alice, body: { password: 'not-my-password', newPassword: 'brand-new-password' } });
    expect([wrongCurrent.status, wrongCurrent.body.message]).toEqual([403, "Current password doesn't match. Password left unchanged"]);
    const weak = await call(server, 'PUT', '/users/2', { jwt: alice, body: { password: ALICE.password, newPassword: 'short' } });
    expect([weak.status, weak.body.message]).toEqual([400, 'Password does not meet the minimum strength requirements']);
  });

  it('lets an admin set another user password with newPassword alone', async () => {
    const server = await seeded();
    const admin = await login(server, ADMIN);
    const answer = await call(server, 'PUT', '/users/2', { jwt: admin, body: { newPassword: 'brand-new-password' } });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toHaveProperty('Password');
    expect(typeof (await login(server, { username: 'alice', password: 'brand-new-password' }))).toBe('string');
  });

  it('checks the current password on PUT /passwd, even for an admin', async () => {
    const server = await seeded();
    const admin = await login(server, ADMIN);
    const wrong = await call(server, 'PUT', '/users/2/passwd', { jwt: admin, body: { password: 'not-her-password', newPassword: 'brand-new-password' } });
    expect([wrong.status, wrong.body.message]).toEqual([403, "Current password doesn't match"]);
    const right = await call(server, 'PUT', '/users/2/passwd', { jwt: admin, body: { password: ALICE.password, newPassword: 'brand-new-password' } });
    expect(right.status).toBe(204);
  });
});

describe('deleting users', () => {
  it('refuses the initial admin, oneself and an unknown id', async () => {
    const server = await emulator({ seed: { users: [{ ...ADMIN, role: 'admin' }, { username: 'boss', password: 'boss-password-1', role: 'admin' }] } });
    const boss = await login(server, { username: 'boss', password: 'boss-password-1' });
    const initial = await call(server, 'DELETE', '/users/1', { jwt: boss });
    expect([initial.status, initial.body.message]).toEqual([403, 'Cannot remove the initial admin account']);
    const self = await call(server, 'DELETE', '/users/2', { jwt: boss });
    expect([self.status, self.body.message]).toEqual([403, 'Cannot remove your own user account. Contact another administrator']);
    expect((await call(server, 'DELETE', '/users/42', { jwt: boss })).status).toBe(404);
  });

  it('refuses to delete the last local admin with a 500', async () => {
    const server = await emulator({
      seed: { users: [{ ...ADMIN, role: 'admin' }, { username: 'boss', password: 'boss-password-1', role: 'admin' }, { username: 'carol', password: 'carol-password-1', role: 'admin' }] },
    });
    // carol's JWT says admin; demoting her in the same second leaves it valid (whole-second comparison).
    await nextSecond();
    const carol = await login(server, { username: 'carol', password: 'carol-password-1' });
    server.setRole('carol', 'standard');
    server.setRole('admin', 'standard');
    const answer = await call(server, 'DELETE', '/users/2', { jwt: carol });
    expect([answer.status, answer.body.message]).toEqual([500, 'Cannot remove local administrator user']);
  });

  it('deletes the user with its API keys, which stop working', async () => {
    const server = await seeded();
    const rawKey = server.addApiKey('alice', { description: 'deploy' });
    expect((await call(server, 'GET', '/users/me', { apiKey: rawKey })).status).toBe(200);
    const admin = await login(server, ADMIN);
    expect((await call(server, 'DELETE', `/users/${idOf(server, 'alice')}`, { jwt: admin })).status).toBe(204);
    expect((await call(server, 'GET', '/users/me', { apiKey: rawKey })).body).toEqual({ message: 'Invalid JWT token', details: 'Unauthorized' });
    expect(server.findUser('alice')).toBeUndefined();
  });
});
