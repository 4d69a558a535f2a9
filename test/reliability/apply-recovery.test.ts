import { afterEach, describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/apply/apply-plan.js';
import type { Change } from '../../src/plan/types/index.js';
import { seedAdmin } from '../support/seeds.js';
import { PASSWORDS } from '../support/world.js';
import { startApplyBench, type ApplyBench } from './support.js';

let bench: ApplyBench | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

async function open(users = [seedAdmin()]): Promise<ApplyBench> {
  bench = await startApplyBench({ users });
  return bench;
}

const createUser = (username: string): Change => ({
  address: `user.${username}`,
  kind: 'user',
  action: 'create',
  before: null,
  after: { username, role: 'standard' },
});
const createKey = (username: string, description: string): Change => ({
  address: `user.${username}.apiKey[${description}]`,
  kind: 'api-key',
  action: 'create',
  username,
  before: null,
  after: { description },
});

describe('a write whose answer was lost', () => {
  it('counts a user create as done when the user is there on re-reading', async () => {
    const b = await open();
    b.emulator.injectFault({ method: 'POST', path: '/api/users', drop: 'response' });
    const result = await applyChanges([createUser('carol'), createKey('carol', 'ci')], b.context());
    expect(result.failed).toBeUndefined();
    expect(result.applied).toHaveLength(2);
    expect(result.notes).toContainEqual({ code: 'took-effect', address: 'user.carol', call: 'POST /api/users' });
    expect(result.outcomes).toEqual([
      { address: 'user.carol', outcome: 'recovered' },
      { address: 'user.carol.apiKey[ci]', outcome: 'applied' },
    ]);
    expect(b.emulator.listUsers().filter((u) => u.username === 'carol')).toHaveLength(1);
  });

  it('fails a user create, saying so, when re-reading shows nothing was created', async () => {
    const b = await open();
    b.emulator.injectFault({ method: 'POST', path: '/api/users', status: 502 });
    const result = await applyChanges([createUser('carol'), createUser('dave')], b.context(), { concurrency: 1 });
    expect(result.failed?.change.address).toBe('user.carol');
    expect(result.failed?.failure).toEqual({ code: 'not-taken-effect', said: expect.stringMatching(/502 Bad Gateway/) });
    expect(result.outcomes).toEqual([{ address: 'user.carol', outcome: 'failed' }]);
    expect(result.notAttempted.map((c) => c.address)).toEqual(['user.dave']);
  });

  it('says the outcome is unknown when the re-read fails too', async () => {
    const b = await open();
    b.emulator.injectFault({ method: 'POST', path: '/api/users', drop: 'response' });
    b.emulator.injectFault({ method: 'GET', path: '/api/users', status: 503, times: Infinity });
    const result = await applyChanges([createUser('carol')], b.context());
    expect(result.failed?.failure).toEqual({ code: 'outcome-unknown', said: expect.any(String), reread: expect.stringMatching(/^GET \/api\/users failed with 503/) });
    expect(result.outcomes).toEqual([{ address: 'user.carol', outcome: 'unknown' }]);
  });

  it('counts a user delete as done when the repeated DELETE finds the user gone', async () => {
    const b = await open([seedAdmin(), { username: 'carol', password: PASSWORDS.carol }]);
    const carol = b.emulator.findUser('carol')!;
    b.emulator.injectFault({ method: 'DELETE', path: '/api/users/*', drop: 'response' });
    const change: Change = { address: 'user.carol', kind: 'user', action: 'delete', userId: carol.id, before: { username: 'carol', role: 'standard' }, after: null };
    const result = await applyChanges([change], b.context());
    expect(result.failed).toBeUndefined();
    expect(result.outcomes).toEqual([{ address: 'user.carol', outcome: 'already-done' }]);
    expect(b.emulator.findUser('carol')).toBeUndefined();
  });

  it('checks a role change by reading the user again', async () => {
    const b = await open([seedAdmin(), { username: 'carol', password: PASSWORDS.carol }]);
    const carol = b.emulator.findUser('carol')!;
    b.emulator.injectFault({ method: 'PUT', path: '/api/users/*', drop: 'response' });
    const change: Change = {
      address: 'user.carol', kind: 'user', action: 'update', userId: carol.id, username: 'carol',
      before: { role: 'standard' }, after: { role: 'admin' }, fields: ['role'],
    };
    const result = await applyChanges([change], b.context());
    expect(result.failed).toBeUndefined();
    expect(b.emulator.findUser('carol')?.role).toBe('admin');
  });
});

describe('a key creation whose answer was lost', () => {
  it('deletes the key nobody saw and creates another, whose raw value is saved', async () => {
    const b = await open([seedAdmin(), { username: 'carol', password: PASSWORDS.carol }]);
    b.emulator.injectFault({ method: 'POST', path: '/api/users/*/tokens', drop: 'response' });
    const result = await applyChanges([createKey('carol', 'deploy')], b.context());
    expect(result.failed).toBeUndefined();
    expect(result.notes).toEqual([{ code: 'key-created-again', address: 'user.carol.apiKey[deploy]' }]);
    expect(result.outcomes).toEqual([{ address: 'user.carol.apiKey[deploy]', outcome: 'recovered' }]);
    const keys = b.emulator.findUser('carol')!.apiKeys;
    expect(keys.map((k) => k.description)).toEqual(['deploy']);
    const secrets = b.readSecrets();
    expect(secrets.pending).toBeUndefined();
    const me = await fetch(`${b.emulator.url}/api/users/me`, { headers: { 'X-API-Key': secrets.users['carol']!['deploy']! } });
    expect(me.status).toBe(200);
  });

  it('records the intent before the call, and keeps it when the server cannot be re-read', async () => {
    const b = await open([seedAdmin(), { username: 'carol', password: PASSWORDS.carol }]);
    b.emulator.injectFault({ method: 'POST', path: '/api/users/*/tokens', drop: 'response' });
    b.emulator.injectFault({ method: 'GET', path: '/api/users/*/tokens', drop: 'connection', times: Infinity });
    const result = await applyChanges([createKey('carol', 'deploy')], b.context());
    expect(result.failed?.failure).toEqual({ code: 'key-outcome-unknown', said: expect.any(String), username: 'carol', reread: expect.any(String) });
    expect(result.outcomes).toEqual([{ address: 'user.carol.apiKey[deploy]', outcome: 'unknown' }]);
    expect(b.readSecrets()).toEqual({ users: {}, pending: { carol: { deploy: { keysBefore: [], requestedAt: expect.any(String) } } } });
    expect(b.emulator.findUser('carol')!.apiKeys).toHaveLength(1);
  });

  it('stops without creating anything when re-reading shows no key', async () => {
    const b = await open([seedAdmin(), { username: 'carol', password: PASSWORDS.carol }]);
    b.emulator.injectFault({ method: 'POST', path: '/api/users/*/tokens', drop: 'connection' });
    const result = await applyChanges([createKey('carol', 'deploy')], b.context());
    expect(result.failed?.failure).toEqual({ code: 'key-not-created', said: expect.any(String), username: 'carol' });
    expect(b.emulator.findUser('carol')!.apiKeys).toEqual([]);
  });
});

describe('bounded concurrency of user creates', () => {
  const names = ['u01', 'u02', 'u03', 'u04', 'u05', 'u06', 'u07', 'u08'];

  it('creates several at once, never more than the limit, and reports in plan order', async () => {
    const b = await open();
    b.emulator.setLatency(40);
    let inFlight = 0;
    let most = 0;
    const result = await applyChanges(names.map(createUser), b.context(), {
      concurrency: 3,
      onProgress: (event) => {
        if (event.state === 'start') most = Math.max(most, ++inFlight);
        else inFlight -= 1;
      },
    });
    expect(most).toBe(3);
    expect(result.applied.map((c) => c.address)).toEqual(names.map((n) => `user.${n}`));
    expect(b.emulator.listUsers()).toHaveLength(names.length + 1);
  });

  it('starts nothing after the first failure, lets the ones in flight finish, and keeps the phase order', async () => {
    const b = await open();
    b.emulator.setLatency(30);
    b.emulator.injectFault({ method: 'POST', path: '/api/users', status: 400, message: 'Invalid request payload' });
    const changes = [...names.map(createUser), createKey('u01', 'ci')];
    const result = await applyChanges(changes, b.context(), { concurrency: 2 });
    expect(result.failed?.change.address).toBe('user.u01');
    expect(result.applied.map((c) => c.address)).toEqual(['user.u02']);
    expect(result.notAttempted.map((c) => c.address)).toEqual([...names.slice(2).map((n) => `user.${n}`), 'user.u01.apiKey[ci]']);
    expect(b.emulator.listUsers().map((u) => u.username).sort()).toEqual(['admin', 'u02']);
  });

  it('stops when asked, after the changes in flight', async () => {
    const b = await open();
    b.emulator.setLatency(30);
    const stop = new AbortController();
    const result = await applyChanges(names.map(createUser), b.context(), {
      concurrency: 2,
      signal: stop.signal,
      onProgress: (event) => {
        if (event.state === 'done') stop.abort();
      },
    });
    expect(result.interrupted).toBe(true);
    expect(result.applied.length).toBeGreaterThanOrEqual(1);
    expect(result.applied.length + result.notAttempted.length).toBe(names.length);
    expect(b.emulator.listUsers()).toHaveLength(result.applied.length + 1);
  });
});
