import { describe, expect, it } from 'vitest';
import { ADMIN, call, emulator, seeded } from './support.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the admin-init timeout', () => {
  it('answers 303 Administrator initialization timeout everywhere but status and public settings', async () => {
    const server = await emulator({ initTimeoutMs: 500 });
    expect((await call(server, 'GET', '/users/admin/check')).status).toBe(404);
    await sleep(600);
    for (const [method, path] of [['GET', '/users/admin/check'], ['POST', '/users/admin/init'], ['POST', '/auth'], ['GET', '/status?x=1']] as const) {
      const answer = await call(server, method, path, method === 'POST' ? { body: ADMIN } : {});
      expect(answer.status).toBe(303);
      expect(answer.headers.get('redirect-reason')).toBe('AdminInitTimeout');
      expect(answer.body).toEqual({ message: 'Administrator initialization timeout', details: 'Administrator initialization timeout' });
    }
    expect((await call(server, 'GET', '/status')).status).toBe(200);
    expect((await call(server, 'GET', '/settings/public')).status).toBe(200);
  });

  it('never fires when an admin exists at the deadline', async () => {
    const server = await seeded({ initTimeoutMs: 30 });
    await sleep(80);
    expect((await call(server, 'GET', '/users/admin/check')).status).toBe(204);
  });

  it('never fires when the admin was initialised in time', async () => {
    const server = await emulator({ initTimeoutMs: 500 });
    expect((await call(server, 'POST', '/users/admin/init', { body: ADMIN })).status).toBe(200);
    await sleep(600);
    expect((await call(server, 'GET', '/users/admin/check')).status).toBe(204);
  });
});

describe('the setup token', () => {
  const TOKEN = 'a'.repeat(64);
  const MESSAGE = 'Invalid or missing setup token. Provide the X-Setup-Token header with the token printed in the server logs at startup.';

  it('is announced in public settings and required by admin init, checked before anything else', async () => {
    const server = await emulator({ setupToken: TOKEN });
    expect((await call(server, 'GET', '/settings/public')).body.RequiresSetupToken).toBe(true);
    const missing = await call(server, 'POST', '/users/admin/init', { body: { Username: '', Password: '' } });
    expect([missing.status, missing.body.message]).toEqual([403, MESSAGE]);
    const wrong = await call(server, 'POST', '/users/admin/init', { body: ADMIN, headers: { 'x-setup-token': 'b'.repeat(64) } });
    expect(wrong.status).toBe(403);
    const right = await call(server, 'POST', '/users/admin/init', { body: ADMIN, headers: { 'X-Setup-Token': TOKEN } });
    expect(right.status).toBe(200);
  });
});
