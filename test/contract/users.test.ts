import { describe, expect, it } from 'vitest';
import { PortainerClient, type Role } from '../../src/portainer/index.js';
import { Secret } from '../../src/secret.js';
import { failureOf, itEmulated, OTHER_PASSWORD, PASSWORD, startFreshEmulator, startTarget } from './target.js';

describe('public calls', () => {
  it('reads the server version from /api/status', async () => {
    const target = await startTarget();
    const { version } = await target.client({ kind: 'none' }).status();
    expect(version).toMatch(/^\d+\.\d+/);
  });

  it('reads the password minimum and whether admin init needs a setup token', async () => {
    const target = await startTarget();
    const settings = await target.client({ kind: 'none' }).publicSettings();
    expect(settings.requiredPasswordLength).toBeGreaterThan(0);
    expect(typeof settings.requiresSetupToken).toBe('boolean');
  });

  itEmulated('reports a server-specific password minimum and setup token requirement', async () => {
    const target = await startTarget({ minPasswordLength: 16, setupToken: 'a'.repeat(64) });
    const settings = await target.client({ kind: 'none' }).publicSettings();
    expect(settings).toEqual({ requiredPasswordLength: 16, requiresSetupToken: true, authentication: 'internal', teamSync: false });
  });

  it('says an administrator exists on an initialised server', async () => {
    const target = await startTarget();
    expect(await target.client({ kind: 'none' }).adminExists()).toBe(true);
  });

  itEmulated('says no administrator exists on a fresh server (404)', async () => {
    const emulator = await startFreshEmulator();
    expect(await new PortainerClient({ url: emulator.url }).adminExists()).toBe(false);
  });
});

describe('reading users', () => {
  it('lists users with their roles', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const users = await target.adminClient().listUsers();
    expect(users).toContainEqual({ id: alice.id, username: alice.username, role: 'standard' });
    expect(users.find((user) => user.username === target.admin.username)?.role).toBe('admin');
  });

  it('tells who the client is with /users/me', async () => {
    const target = await startTarget();
    const me = await target.adminClient().currentUser();
    expect(me).toMatchObject({ username: target.admin.username, role: 'admin' });
  });

  it('reads one user by id', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    expect(await target.adminClient().getUser(alice.id)).toEqual(alice);
  });

  it('names the call and Portainer\'s message when a user id is unknown (404)', async () => {
    const target = await startTarget();
    const error = await failureOf(target.adminClient().getUser(987_654));
    expect(error).toMatchObject({ kind: 'http', method: 'GET', path: '/api/users/987654', status: 404 });
    expect(error.userMessage).toMatch(
      /^GET \/api\/users\/987654 failed with 404 Not Found: Unable to find a user with the specified identifier inside the database/,
    );
  });

  it('refuses the user list to a standard user (403)', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const asAlice = target.client({ kind: 'password', username: alice.username, password: new Secret(PASSWORD) });
    const error = await failureOf(asAlice.listUsers());
    expect(error).toMatchObject({ kind: 'http', status: 403, path: '/api/users' });
  });

  it('reads a user\'s team memberships (none for a new user)', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    expect(await target.adminClient().userMemberships(alice.id)).toEqual([]);
  });
});

describe('creating users', () => {
  it('creates a user and Portainer stores the name lower-cased', async () => {
    const target = await startTarget();
    const created = await target.adminClient().createUser({ username: target.name('Alice'), password: new Secret(PASSWORD), role: 'admin' });
    expect(created).toMatchObject({ outcome: 'created', value: { username: target.name('Alice').toLowerCase(), role: 'admin' } });
  });

  it('says a name taken in another case exists (409), in Portainer\'s words', async () => {
    const target = await startTarget();
    await target.createUser('bob');
    const outcome = await target.adminClient().createUser({ username: target.name('BOB'), password: new Secret(PASSWORD), role: 'standard' });
    expect(outcome).toEqual({ outcome: 'exists', said: 'Another user with the same username already exists' });
  });

  it('reports a username with a space as 400', async () => {
    const target = await startTarget();
    const error = await failureOf(
      target.adminClient().createUser({ username: target.name('carol smith'), password: new Secret(PASSWORD), role: 'standard' }),
    );
    expect(error).toMatchObject({ status: 400, portainerMessage: 'Invalid request payload' });
  });

  it('reports a password below the minimum as 400 and never shows it', async () => {
    const target = await startTarget();
    const error = await failureOf(
      target.adminClient().createUser({ username: target.name('dave'), password: new Secret('short-pw'), role: 'standard' }),
    );
    expect(error).toMatchObject({ status: 400, portainerMessage: 'Password does not meet the requirements' });
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('short-pw');
  });

  it('reports a role other than 1 or 2 as 400', async () => {
    const target = await startTarget();
    const role = 'boss' as Role;
    const error = await failureOf(target.adminClient().createUser({ username: target.name('erin'), password: new Secret(PASSWORD), role }));
    expect(error).toMatchObject({ status: 400, portainerMessage: 'Invalid request payload' });
  });
});

describe('updating users', () => {
  it('promotes and demotes', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const admin = target.adminClient();
    expect(await admin.updateUser(alice.id, { role: 'admin' })).toMatchObject({ id: alice.id, role: 'admin' });
    expect(await admin.updateUser(alice.id, { role: 'standard' })).toMatchObject({ role: 'standard' });
  });

  it('renames, keeping the case as sent', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const renamed = await target.adminClient().updateUser(alice.id, { username: target.name('Alicia') });
    expect(renamed.username).toBe(target.name('Alicia'));
  });

  it('lets an admin set another user\'s password with newPassword alone', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    await target.adminClient().updateUser(alice.id, { newPassword: new Secret(OTHER_PASSWORD) });
    await expect(target.adminClient().login(alice.username, new Secret(OTHER_PASSWORD))).resolves.toBeDefined();
  });

  it('refuses a standard user changing its own role (403)', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const asAlice = await target.adminClient().asUser(alice.username, new Secret(PASSWORD));
    const error = await failureOf(asAlice.updateUser(alice.id, { role: 'admin' }));
    expect(error).toMatchObject({ kind: 'http', method: 'PUT', path: `/api/users/${alice.id}`, status: 403 });
  });

  it('refuses a rename to a taken name (409)', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const bob = await target.createUser('bob');
    const error = await failureOf(target.adminClient().updateUser(bob.id, { username: alice.username.toUpperCase() }));
    expect(error).toMatchObject({ status: 409, portainerMessage: 'Another user with the same username already exists' });
  });

  it('refuses a weak new password (400)', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const error = await failureOf(target.adminClient().updateUser(alice.id, { newPassword: new Secret('weak') }));
    expect(error).toMatchObject({ status: 400, portainerMessage: 'Password does not meet the minimum strength requirements' });
  });
});

describe('changing a password with PUT /users/{id}/passwd', () => {
  it('changes it when the current password is right (204)', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const asAlice = await target.adminClient().asUser(alice.username, new Secret(PASSWORD));
    await asAlice.changePassword(alice.id, { password: new Secret(PASSWORD), newPassword: new Secret(OTHER_PASSWORD) });
    await expect(target.adminClient().login(alice.username, new Secret(OTHER_PASSWORD))).resolves.toBeDefined();
  });

  it('reports a wrong current password as 403 from Portainer, not as a rate-limit ban', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const error = await failureOf(
      target.adminClient().changePassword(alice.id, { password: new Secret('not-the-password'), newPassword: new Secret(OTHER_PASSWORD) }),
    );
    expect(error).toMatchObject({ kind: 'http', status: 403, portainerMessage: "Current password doesn't match" });
    expect(error.userMessage).not.toContain('not-the-password');
  });
});

describe('deleting users', () => {
  it('deletes a user (204) so that it is gone', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const admin = target.adminClient();
    await admin.deleteUser(alice.id);
    expect((await admin.listUsers()).map((user) => user.id)).not.toContain(alice.id);
  });

  it('refuses to delete the initial admin, Id 1 (403)', async () => {
    const target = await startTarget();
    const error = await failureOf(target.adminClient().deleteUser(1));
    expect(error).toMatchObject({ status: 403, portainerMessage: 'Cannot remove the initial admin account' });
  });

  it('refuses an admin deleting itself (403)', async () => {
    const target = await startTarget();
    const second = await target.createUser('second-admin', 'admin');
    const asSecond = target.client({ kind: 'password', username: second.username, password: new Secret(PASSWORD) });
    const error = await failureOf(asSecond.deleteUser(second.id));
    expect(error).toMatchObject({ status: 403, portainerMessage: 'Cannot remove your own user account. Contact another administrator' });
  });

  it('says an unknown id is already gone (404)', async () => {
    const target = await startTarget();
    expect(await target.adminClient().deleteUser(987_654)).toBe('already-gone');
  });
});
