import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { PortainerClient } from '../../src/portainer/index.js';
import { Secret } from '../../src/secret.js';
import { describeEmulated, failureOf, PASSWORD, startFreshEmulator, startTarget } from './target.js';

const SETUP_TOKEN = 'f'.repeat(64);

describeEmulated('admin init on a fresh server', () => {
  it('creates the first admin (Id 1, lower-cased) and then admin/check says one exists', async () => {
    const emulator = await startFreshEmulator();
    const client = new PortainerClient({ url: emulator.url });
    expect(await client.adminExists()).toBe(false);
    expect(await client.initAdmin('Admin', new Secret(PASSWORD))).toEqual({ outcome: 'created', value: { id: 1, username: 'admin', role: 'admin' } });
    expect(await client.adminExists()).toBe(true);
  });

  it('reports a spaced username as 400 Invalid request payload', async () => {
    const emulator = await startFreshEmulator();
    const error = await failureOf(new PortainerClient({ url: emulator.url }).initAdmin('the admin', new Secret(PASSWORD)));
    expect(error).toMatchObject({ kind: 'http', path: '/api/users/admin/init', status: 400, portainerMessage: 'Invalid request payload' });
  });

  it('reports a short password as 400', async () => {
    const emulator = await startFreshEmulator();
    const error = await failureOf(new PortainerClient({ url: emulator.url }).initAdmin('admin', new Secret('short')));
    expect(error).toMatchObject({ status: 400, portainerMessage: 'Password does not meet the requirements' });
  });

  it('sends X-Setup-Token when the server requires one', async () => {
    const emulator = await startFreshEmulator({ setupToken: SETUP_TOKEN });
    const client = new PortainerClient({ url: emulator.url });
    expect((await client.publicSettings()).requiresSetupToken).toBe(true);
    expect(await client.initAdmin('admin', new Secret(PASSWORD), new Secret(SETUP_TOKEN))).toMatchObject({ outcome: 'created', value: { role: 'admin' } });
  });

  it('reports a missing or wrong setup token as 403 with Portainer\'s instructions', async () => {
    const emulator = await startFreshEmulator({ setupToken: SETUP_TOKEN });
    const client = new PortainerClient({ url: emulator.url });
    for (const token of [undefined, new Secret('0'.repeat(64))]) {
      const error = await failureOf(client.initAdmin('admin', new Secret(PASSWORD), token));
      expect(error).toMatchObject({ status: 403 });
      expect(error.userMessage).toContain('Invalid or missing setup token');
      expect(error.userMessage).not.toContain('0'.repeat(64));
    }
  });

  it('says Portainer disabled itself when no admin was created within its init timeout', async () => {
    const emulator = await startFreshEmulator({ initTimeoutMs: 50 });
    await sleep(150);
    const client = new PortainerClient({ url: emulator.url });
    const error = await failureOf(client.adminExists());
    expect(error).toMatchObject({ kind: 'admin-init-timeout', method: 'GET', path: '/api/users/admin/check', status: 303 });
    expect(error.userMessage).toMatch(/Portainer disabled itself because no administrator was created within its admin-init timeout/);
    expect(error.userMessage).toMatch(/restart Portainer/);
    expect((await failureOf(client.initAdmin('admin', new Secret(PASSWORD)))).kind).toBe('admin-init-timeout');
    // /api/status and /api/settings/public keep answering.
    await expect(client.status()).resolves.toMatchObject({ version: expect.any(String) });
  });
});

describe('admin init on an initialised server', () => {
  it('says the admin exists (409: someone else created it), which callers may count as done', async () => {
    const target = await startTarget();
    expect(await target.client({ kind: 'none' }).initAdmin(target.name('late'), new Secret(PASSWORD))).toEqual({ outcome: 'exists', said: 'Unable to create administrator user' });
  });
});
