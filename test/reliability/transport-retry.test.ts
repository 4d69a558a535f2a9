import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { EarlyReads } from '../../src/portainer/transport/early-reads.js';
import { PortainerClient, type RequestEvent } from '../../src/portainer/index.js';
import { Secret } from '../../src/secret.js';
import { QUICK_RETRY } from './support.js';

const servers: Server[] = [];
const emulators: Emulator[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  for (const emulator of emulators.splice(0)) await emulator.close();
});

/** A server that plays `answers` in turn (the last one forever) and counts requests. */
async function scripted(answers: Array<(res: ServerResponse) => void>) {
  let count = 0;
  const server = createServer((req, res) => {
    const answer = answers[Math.min(count, answers.length - 1)]!;
    count += 1;
    req.resume().on('end', () => answer(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, count: () => count };
}

const busy = (headers: Record<string, string> = {}) => (res: ServerResponse) =>
  res.writeHead(503, { 'content-type': 'application/json', ...headers }).end('{"message":"busy"}');
const ok = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"Version":"2.45.0"}');

describe('retries of reads', () => {
  it('honour Retry-After', async () => {
    const server = await scripted([busy({ 'retry-after': '1' }), ok]);
    const started = Date.now();
    await new PortainerClient({ url: server.url, retry: QUICK_RETRY }).status();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.count()).toBe(2);
  });

  it('give up at once on a Retry-After beyond the budget, and say how long Portainer asked to wait', async () => {
    const server = await scripted([busy({ 'retry-after': '3600' })]);
    const error = await new PortainerClient({ url: server.url }).status().catch((e: unknown) => e);
    expect(server.count()).toBe(1);
    expect((error as { userMessage: string }).userMessage).toBe(
      'GET /api/status failed with 503 Service Unavailable: busy. Portainer asked to wait 3600 s before trying again (Retry-After); try again later',
    );
  });

  it('stop after the retry count, waiting longer each time', async () => {
    const server = await scripted([busy()]);
    const events: RequestEvent[] = [];
    const client = new PortainerClient({ url: server.url, retry: { retries: 3, baseDelayMs: 40, maxDelayMs: 1000 }, onRequest: (e) => events.push(e) });
    const started = Date.now();
    await expect(client.status()).rejects.toMatchObject({ status: 503 });
    expect(events.map((e) => e.attempt)).toEqual([1, 2, 3, 4]);
    // Waits of at least 20, 40 and 80 ms (half of 40, 80, 160).
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('stop when the time budget is spent', async () => {
    const server = await scripted([busy()]);
    const client = new PortainerClient({ url: server.url, retry: { retries: 100, baseDelayMs: 50, maxDelayMs: 50, budgetMs: 300 } });
    await expect(client.status()).rejects.toMatchObject({ status: 503 });
    expect(server.count()).toBeGreaterThan(3);
    expect(server.count()).toBeLessThan(12);
  });

  it('do not repeat a refused connection: nothing listens there', async () => {
    const server = await scripted([ok]);
    const url = server.url;
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const events: RequestEvent[] = [];
    await expect(new PortainerClient({ url, onRequest: (e) => events.push(e) }).status()).rejects.toMatchObject({ kind: 'network' });
    expect(events).toHaveLength(1);
  });

  it('do not repeat a timeout, and name the call', async () => {
    const emulator = await startEmulator({ port: 0, latencyMs: 300 });
    emulators.push(emulator);
    const error = await new PortainerClient({ url: emulator.url, timeoutMs: 100 }).status().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', userMessage: 'GET /api/status got no answer within the 100 ms timeout; Portainer is slow or unreachable' });
    expect(emulator.requests).toHaveLength(1);
  });

  it('ride out a 30% error rate on every read', async () => {
    const emulator = await startEmulator({ port: 0, seed: { users: [{ username: 'admin', password: 'admin-password-1', role: 'admin' }] } });
    emulators.push(emulator);
    emulator.injectFault({ method: 'GET', path: /.*/, status: 503, probability: 0.3, times: Infinity });
    const client = new PortainerClient({ url: emulator.url, retry: QUICK_RETRY, auth: { kind: 'password', username: 'admin', password: new Secret('admin-password-1') } });
    for (let i = 0; i < 20; i += 1) expect(await client.listUsers()).toHaveLength(1);
    expect(emulator.requests.filter((r) => r.status === 503).length).toBeGreaterThan(0);
  });

  it('retry a public read sent before the client was made, from its first answer', async () => {
    const emulator = await startEmulator({ port: 0 });
    emulators.push(emulator);
    emulator.injectFault({ method: 'GET', path: /^\/api\/settings\/public$/, status: 503, times: 1 });
    const early = new EarlyReads(`${emulator.url}/api`, { timeoutMs: 5_000 });
    const events: RequestEvent[] = [];
    const client = new PortainerClient({ url: emulator.url, retry: QUICK_RETRY, early, onRequest: (e) => events.push(e) });
    await expect(client.publicSettings()).resolves.toMatchObject({ authentication: 'internal' });
    expect(events.map((e) => [e.path, e.status, e.attempt])).toEqual([
      ['/api/settings/public', 503, 1],
      ['/api/settings/public', 200, 2],
    ]);
    expect(emulator.requests.filter((r) => r.path === '/api/settings/public')).toHaveLength(2);
  });

  it('never repeat a POST, even after a 503', async () => {
    const server = await scripted([busy()]);
    const client = new PortainerClient({ url: server.url, auth: { kind: 'jwt', jwt: new Secret('j') } });
    await expect(client.createUser({ username: 'x', password: new Secret('p'), role: 'standard' })).rejects.toMatchObject({ status: 503 });
    expect(server.count()).toBe(1);
  });
});
