import { describe, expect, it } from 'vitest';
import { ADMIN, ALICE, call, emulator, login, seeded } from './support.js';

const createKey = (server: Awaited<ReturnType<typeof seeded>>, id: number, options: { jwt?: string; apiKey?: string; description?: string; password?: string }) =>
  call(server, 'POST', `/users/${id}/tokens`, {
    ...(options.jwt === undefined ? {} : { jwt: options.jwt }),
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    body: { description: options.description ?? 'deploy', password: options.password ?? ALICE.password },
  });

describe('creating API keys', () => {
  it('refuses API-key authentication with 401 Auth not supported', async () => {
    const server = await seeded();
    const rawKey = server.addApiKey('alice', { description: 'existing' });
    const answer = await createKey(server, 2, { apiKey: rawKey });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: 'Auth not supported', details: 'Authentication required' });
  });

  it('lets only the user itself create its keys, even an admin gets 403', async () => {
    const server = await seeded();
    const admin = await login(server, ADMIN);
    const answer = await createKey(server, 2, { jwt: admin });
    expect([answer.status, answer.body.message]).toEqual([403, 'Permission denied to create user access token']);
  });

  it('requires the current password', async () => {
    const server = await seeded();
    const alice = await login(server, ALICE);
    const wrong = await createKey(server, 2, { jwt: alice, password: 'wrong-password-1' });
    expect([wrong.status, wrong.body.message]).toEqual([403, "Current password doesn't match"]);
    const missing = await createKey(server, 2, { jwt: alice, password: '' });
    expect([missing.status, missing.body.message]).toEqual([400, 'Invalid request payload']);
  });

  it('takes descriptions of 1 to 127 characters that are not only spaces (Portainer refuses 128 already)', async () => {
    const server = await seeded();
    const alice = await login(server, ALICE);
    for (const description of ['', '   ', 'x'.repeat(128)]) {
      const answer = await createKey(server, 2, { jwt: alice, description });
      expect([answer.status, answer.body.message]).toEqual([400, 'Invalid request payload']);
    }
    expect((await createKey(server, 2, { jwt: alice, description: 'x'.repeat(127) })).status).toBe(200);
    expect((await createKey(server, 2, { jwt: alice, description: ' spaced description ' })).status).toBe(200);
  });
});

describe('listing API keys', () => {
  it('strips the digest and lets an admin list a standard user keys but not another admin keys', async () => {
    const server = await emulator({
      seed: {
        users: [
          { ...ADMIN, role: 'admin' },
          { username: 'boss', password: 'boss-password-1', role: 'admin', apiKeys: [{ description: 'ci', dateCreated: 1_700_000_000 }] },
          { ...ALICE, apiKeys: [{ description: 'deploy', key: 'ptr_known-key-for-tests', dateCreated: 1_700_000_001 }] },
        ],
      },
    });
    const admin = await login(server, ADMIN);
    const aliceKeys = await call(server, 'GET', '/users/3/tokens', { jwt: admin });
    expect(aliceKeys.body).toEqual([{ id: 2, userId: 3, description: 'deploy', prefix: 'ptr_kno', dateCreated: 1_700_000_001, lastUsed: 0 }]);
    const bossKeys = await call(server, 'GET', '/users/2/tokens', { jwt: admin });
    expect([bossKeys.status, bossKeys.body.message]).toEqual([403, 'Permission denied to get user access tokens']);
    const own = await call(server, 'GET', '/users/2/tokens', { jwt: await login(server, { username: 'boss', password: 'boss-password-1' }) });
    expect(own.body).toHaveLength(1);
    const byAlice = await call(server, 'GET', '/users/2/tokens', { apiKey: 'ptr_known-key-for-tests' });
    expect(byAlice.status).toBe(403);
    expect((await call(server, 'GET', '/users/77/tokens', { jwt: admin })).status).toBe(404);
  });
});

describe('deleting API keys', () => {
  it('answers 500 API Key not found for an unknown key and 403 for a key of another user', async () => {
    const server = await seeded();
    server.addApiKey('alice', { description: 'deploy' });
    const admin = await login(server, ADMIN);
    const unknown = await call(server, 'DELETE', '/users/2/tokens/99', { jwt: admin });
    expect(unknown).toMatchObject({ status: 500, body: { message: 'API Key not found' } });
    const wrongOwner = await call(server, 'DELETE', '/users/1/tokens/1', { jwt: admin });
    expect([wrongOwner.status, wrongOwner.body.message]).toEqual([403, 'Permission denied to remove api-key']);
    const alice = await login(server, ALICE);
    expect((await call(server, 'DELETE', '/users/1/tokens/1', { jwt: alice })).status).toBe(403);
    expect((await call(server, 'DELETE', '/users/2/tokens/1', { jwt: admin })).status).toBe(204);
    expect(server.findUser('alice')?.apiKeys).toEqual([]);
  });
});
