import { describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import { PortainerClient } from '../../src/portainer/index.js';
import { Secret } from '../../src/secret.js';
import { raw } from './raw-http.js';
import { againstRealPortainer, created, failureOf, itEmulated, PASSWORD, startFreshEmulator, startTarget, type Target } from './target.js';

/**
 * An LDAP or OAuth Portainer, from portainer-api.md "External authentication"
 * and "Passwords". Against a real Portainer each block runs only when the
 * server is configured that way (PORTAINER_TEST_LDAP_USERNAME and
 * PORTAINER_TEST_LDAP_PASSWORD name a directory user that exists in Portainer).
 */

const DIRECTORY_PASSWORD = 'directory-password-1';

async function external(method: 'ldap' | 'oauth', options: EmulatorOptions = {}): Promise<Target | undefined> {
  const target = await startTarget({
    authentication: method,
    seed: { users: [{ username: 'admin', password: 'admin-password-1', role: 'admin' }], directory: [{ username: 'dora', password: DIRECTORY_PASSWORD, groups: ['developers'] }] },
    ...options,
  });
  const settings = await target.client({ kind: 'none' }).publicSettings();
  return settings.authentication === method ? target : undefined;
}

function directoryUser(target: Target): { username: string; password: string } {
  if (!againstRealPortainer) return { username: 'dora', password: DIRECTORY_PASSWORD };
  return { username: process.env['PORTAINER_TEST_LDAP_USERNAME'] ?? target.name('dora'), password: process.env['PORTAINER_TEST_LDAP_PASSWORD'] ?? '' };
}

describe('an LDAP Portainer', () => {
  it('says so in its public settings, team sync included', async () => {
    const target = await external('ldap', { teamSync: true });
    if (!target) return;
    expect(await target.client({ kind: 'none' }).publicSettings()).toMatchObject({ authentication: 'ldap', ...(againstRealPortainer ? {} : { teamSync: true }) });
  });

  it('refuses a password on create (400) and creates a user without one', async () => {
    const target = await external('ldap');
    if (!target) return;
    const client = target.adminClient();
    const refused = await failureOf(client.createUser({ username: target.name('erin'), password: new Secret(PASSWORD), role: 'standard' }));
    expect(refused).toMatchObject({ status: 400 });
    expect(refused.userMessage).toContain('a user with password can not be created when authentication method is Oauth or LDAP');
    expect(created(await client.createUser({ username: target.name('erin'), role: 'standard' }))).toMatchObject({ role: 'standard' });
  });

  it("logs a directory user in with its directory password, and user Id 1 with its local one", async () => {
    const target = await external('ldap');
    if (!target) return;
    const dora = directoryUser(target);
    if (!againstRealPortainer) created(await target.adminClient().createUser({ username: dora.username, role: 'standard' }));
    const client = target.client({ kind: 'none' });
    expect(await client.login(dora.username, new Secret(dora.password))).toBeInstanceOf(Secret);
    expect(await failureOf(client.login(dora.username, new Secret('not-the-directory-password')))).toMatchObject({ kind: 'invalid-credentials' });
    expect(await client.login(target.admin.username, target.admin.password)).toBeInstanceOf(Secret);
  });

  it("creates a directory user's key with its JWT, checking no local password", async () => {
    const target = await external('ldap');
    if (!target) return;
    const dora = directoryUser(target);
    const user = againstRealPortainer
      ? (await target.adminClient().listUsers()).find((candidate) => candidate.username === dora.username.toLowerCase())
      : created(await target.adminClient().createUser({ username: dora.username, role: 'standard' }));
    if (!user) return;
    const asDora = await target.adminClient().asUser(dora.username, new Secret(dora.password));
    const { apiKey } = await asDora.createApiKey(user.id, { description: target.name('ci'), password: new Secret(dora.password) });
    expect(apiKey.userId).toBe(user.id);
  });

  itEmulated('adds a user to the teams named like its groups at each login (team sync), and never removes', async () => {
    const target = await external('ldap', { teamSync: true });
    if (!target) return;
    const admin = target.adminClient();
    const dora = created(await admin.createUser({ username: 'dora', role: 'standard' }));
    const team = created(await admin.createTeam('Developers'));
    await target.client({ kind: 'none' }).login('dora', new Secret(DIRECTORY_PASSWORD));
    expect((await admin.listTeamMemberships()).filter((membership) => membership.teamId === team.id)).toEqual([
      expect.objectContaining({ userId: dora.id, role: 'member' }),
    ]);
  });
});

describe('a rename on an LDAP Portainer', () => {
  itEmulated("looks a directory login up by name: the old login makes a new user, the renamed one keeps its Id and no longer logs in", async () => {
    const target = await external('ldap');
    if (!target) return;
    const admin = target.adminClient();
    const dora = created(await admin.createUser({ username: 'dora', role: 'standard' }));
    expect(await admin.renameUser(dora.id, 'dorothy')).toMatchObject({ outcome: 'renamed', value: { id: dora.id, username: 'dorothy' } });
    const anonymous = target.client({ kind: 'none' });
    expect(await failureOf(anonymous.login('dorothy', new Secret(DIRECTORY_PASSWORD)))).toMatchObject({ kind: 'invalid-credentials' });
    expect(await anonymous.login('dora', new Secret(DIRECTORY_PASSWORD))).toBeInstanceOf(Secret);
    const users = await admin.listUsers();
    expect(users.find((user) => user.username === 'dorothy')?.id).toBe(dora.id);
    expect(users.find((user) => user.username === 'dora')?.id).not.toBe(dora.id);
  });
});

describe('an OAuth Portainer', () => {
  it('has no password login but for user Id 1, and refuses a password on create', async () => {
    const target = await external('oauth');
    if (!target) return;
    const admin = target.adminClient();
    const user = created(await admin.createUser({ username: target.name('olga'), role: 'standard' }));
    expect(await failureOf(target.client({ kind: 'none' }).login(user.username, new Secret(PASSWORD)))).toMatchObject({ kind: 'invalid-credentials' });
    expect(await target.client({ kind: 'none' }).login(target.admin.username, target.admin.password)).toBeInstanceOf(Secret);
    expect(await failureOf(admin.createUser({ username: target.name('oscar'), password: new Secret(PASSWORD), role: 'standard' }))).toMatchObject({ status: 400 });
  });
});

describe("bcrypt's 72 bytes", () => {
  const tooLong = 'é'.repeat(37); // 37 characters, 74 bytes

  it('make every path that sets a password answer 500 Unable to hash user password', async () => {
    const target = await startTarget();
    const admin = target.adminClient();
    const create = await failureOf(admin.createUser({ username: target.name('long'), password: new Secret(tooLong), role: 'standard' }));
    expect(create).toMatchObject({ status: 500, portainerMessage: 'Unable to hash user password' });
    const user = await target.createUser('short');
    const update = await failureOf(admin.updateUser(user.id, { newPassword: new Secret(tooLong) }));
    expect(update).toMatchObject({ status: 500, portainerMessage: 'Unable to hash user password' });
    const change = await failureOf(admin.changePassword(user.id, { password: new Secret(PASSWORD), newPassword: new Secret(tooLong) }));
    expect(change).toMatchObject({ status: 500, portainerMessage: 'Unable to hash user password' });
  });

  itEmulated('make admin init answer 500 too', async () => {
    const fresh = await startFreshEmulator();
    const init = await failureOf(new PortainerClient({ url: fresh.url }).initAdmin('admin', new Secret(tooLong)));
    expect(init).toMatchObject({ status: 500, portainerMessage: 'Unable to hash user password' });
  });
});

describe('logins of directory users, word for word (authenticate.go of 2.45)', () => {
  it("answer an OAuth server's other users 422 Only initial admin is allowed to login without oauth", async () => {
    const target = await external('oauth');
    if (!target) return;
    const user = created(await target.adminClient().createUser({ username: target.name('olga'), role: 'standard' }));
    const answer = await raw(target.url, 'POST', '/auth', { body: { username: user.username, password: PASSWORD } });
    expect({ status: answer.status, body: answer.json() }).toEqual({
      status: 422,
      body: { message: 'Only initial admin is allowed to login without oauth', details: 'Unauthorized' },
    });
  });

  itEmulated('create, on an LDAP server, the directory user Portainer does not know yet (AutoCreateUsers)', async () => {
    const target = await external('ldap');
    if (!target) return;
    expect(await target.client({ kind: 'none' }).login('dora', new Secret(DIRECTORY_PASSWORD))).toBeInstanceOf(Secret);
    expect((await target.adminClient().listUsers()).find((user) => user.username === 'dora')).toMatchObject({ role: 'standard' });
    expect(await failureOf(target.client({ kind: 'none' }).login('nobody', new Secret(DIRECTORY_PASSWORD)))).toMatchObject({ status: 422 });
  });
});
