import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/secret.js';
import { failureOf, itEmulated, PASSWORD, startTarget } from './target.js';

describe('creating API keys', () => {
  it('creates a key for the logged-in user, returning the raw key once as a Secret', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const asAlice = await target.adminClient().asUser(alice.username, new Secret(PASSWORD));
    const { rawKey, apiKey } = await asAlice.createApiKey(alice.id, { description: 'deploy', password: new Secret(PASSWORD) });
    expect(rawKey).toBeInstanceOf(Secret);
    expect(String(rawKey)).toBe('[redacted]');
    expect(apiKey).toMatchObject({ userId: alice.id, description: 'deploy' });
    expect(rawKey.reveal().startsWith(apiKey.prefix)).toBe(true);
    const withKey = target.client({ kind: 'api-key', key: rawKey });
    expect(await withKey.currentUser()).toMatchObject({ id: alice.id });
  });

  itEmulated('accepts 201 Created from Portainer 2.19-2.23 as well as 200', async () => {
    const target = await startTarget({ apiKeyCreateStatus: 201 });
    const alice = await target.createUser('alice');
    const asAlice = await target.adminClient().asUser(alice.username, new Secret(PASSWORD));
    const { apiKey } = await asAlice.createApiKey(alice.id, { description: 'ci', password: new Secret(PASSWORD) });
    expect(apiKey.description).toBe('ci');
  });

  it('refuses an admin creating a key for another user (403)', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const error = await failureOf(target.adminClient().createApiKey(alice.id, { description: 'x', password: new Secret(PASSWORD) }));
    expect(error).toMatchObject({
      kind: 'http',
      method: 'POST',
      path: `/api/users/${alice.id}/tokens`,
      status: 403,
      portainerMessage: 'Permission denied to create user access token',
    });
  });

  it('refuses a wrong current password (403), without showing it', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const asAlice = await target.adminClient().asUser(alice.username, new Secret(PASSWORD));
    const error = await failureOf(asAlice.createApiKey(alice.id, { description: 'x', password: new Secret('wrong-password-99') }));
    expect(error).toMatchObject({ kind: 'http', status: 403, portainerMessage: "Current password doesn't match" });
    expect(error.userMessage).not.toContain('wrong-password-99');
  });

  it('refuses a description of only spaces (400)', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const asAlice = await target.adminClient().asUser(alice.username, new Secret(PASSWORD));
    const error = await failureOf(asAlice.createApiKey(alice.id, { description: '   ', password: new Secret(PASSWORD) }));
    expect(error).toMatchObject({ status: 400, portainerMessage: 'Invalid request payload' });
  });

  it('explains that an API key cannot create API keys (401)', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const asAlice = await target.adminClient().asUser(alice.username, new Secret(PASSWORD));
    const { rawKey } = await asAlice.createApiKey(alice.id, { description: 'first', password: new Secret(PASSWORD) });
    const withKey = target.client({ kind: 'api-key', key: rawKey });
    const error = await failureOf(withKey.createApiKey(alice.id, { description: 'second', password: new Secret(PASSWORD) }));
    expect(error).toMatchObject({ status: 401 });
    expect(error.userMessage).toMatch(/only for a user logged in with its password/);
  });
});

describe('listing API keys', () => {
  it('lets an admin list a standard user\'s keys', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const asAlice = await target.adminClient().asUser(alice.username, new Secret(PASSWORD));
    await asAlice.createApiKey(alice.id, { description: 'deploy', password: new Secret(PASSWORD) });
    const keys = await target.adminClient().listApiKeys(alice.id);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ userId: alice.id, description: 'deploy' });
    expect(keys[0]?.dateCreated).toBeGreaterThan(1_600_000_000);
  });

  it('lists no keys for a new user', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    expect(await target.adminClient().listApiKeys(alice.id)).toEqual([]);
  });

  it('refuses an admin listing another admin\'s keys (403)', async () => {
    const target = await startTarget();
    const root = await target.createUser('root', 'admin');
    const error = await failureOf(target.adminClient().listApiKeys(root.id));
    expect(error).toMatchObject({ status: 403, portainerMessage: 'Permission denied to get user access tokens' });
  });

  it('lets an admin list its own keys after logging in as itself', async () => {
    const target = await startTarget();
    const root = await target.createUser('root', 'admin');
    const asRoot = await target.adminClient().asUser(root.username, new Secret(PASSWORD));
    expect(await asRoot.listApiKeys(root.id)).toEqual([]);
  });
});

describe('deleting API keys', () => {
  it('deletes a key (204)', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const asAlice = await target.adminClient().asUser(alice.username, new Secret(PASSWORD));
    const { apiKey } = await asAlice.createApiKey(alice.id, { description: 'old', password: new Secret(PASSWORD) });
    expect(await target.adminClient().deleteApiKey(alice.id, apiKey.id)).toBe('deleted');
    expect(await target.adminClient().listApiKeys(alice.id)).toEqual([]);
  });

  it('reads Portainer\'s 500 API Key not found for an unknown key as already gone', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    expect(await target.adminClient().deleteApiKey(alice.id, 987_654)).toBe('already-gone');
  });

  it('refuses deleting a key through another user\'s id (403)', async () => {
    const target = await startTarget();
    const alice = await target.createUser('alice');
    const bob = await target.createUser('bob');
    const asAlice = await target.adminClient().asUser(alice.username, new Secret(PASSWORD));
    const { apiKey } = await asAlice.createApiKey(alice.id, { description: 'mine', password: new Secret(PASSWORD) });
    const error = await failureOf(target.adminClient().deleteApiKey(bob.id, apiKey.id));
    expect(error).toMatchObject({ status: 403, portainerMessage: 'Permission denied to remove api-key' });
  });
});
