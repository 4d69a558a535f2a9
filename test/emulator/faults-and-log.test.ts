import { describe, expect, it } from 'vitest';
import { ADMIN, call, login, seeded } from './support.js';

const newUser = { username: 'bob', password: 'bob-password-12', role: 2 };

describe('fault injection', () => {
  it('answers an injected status the given number of times, then behaves', async () => {
    const server = await seeded();
    const jwt = await login(server, ADMIN);
    server.injectFault({ method: 'GET', path: '/api/users/*', status: 503, message: 'try later', times: 2 });
    expect((await call(server, 'GET', '/users/1', { jwt })).body).toEqual({ message: 'try later', details: 'try later' });
    expect((await call(server, 'GET', '/users/2', { jwt })).status).toBe(503);
    expect((await call(server, 'GET', '/users/2', { jwt })).status).toBe(200);
    expect((await call(server, 'GET', '/users', { jwt })).status).toBe(200); // `*` is one segment
  });

  it('drops the connection before handling: nothing changes', async () => {
    const server = await seeded();
    const jwt = await login(server, ADMIN);
    server.injectFault({ method: 'POST', path: /^\/api\/users$/, drop: 'connection' });
    await expect(call(server, 'POST', '/users', { jwt, body: newUser })).rejects.toThrow();
    expect(server.findUser('bob')).toBeUndefined();
    expect(server.requests.at(-1)).toEqual({ method: 'POST', path: '/api/users', status: 0, auth: 'jwt' });
  });

  it('drops the response after handling: the change happened', async () => {
    const server = await seeded();
    const jwt = await login(server, ADMIN);
    server.injectFault({ method: 'POST', path: '/api/users', drop: 'response' });
    await expect(call(server, 'POST', '/users', { jwt, body: newUser })).rejects.toThrow();
    expect(server.findUser('bob')?.role).toBe('standard');
    expect((await call(server, 'POST', '/users', { jwt, body: newUser })).status).toBe(409);
  });

  it('fires always with times Infinity, never with probability 0, and stops after clearFaults', async () => {
    const server = await seeded();
    server.injectFault({ method: 'GET', path: '/api/status', status: 500, probability: 0, times: Infinity });
    expect((await call(server, 'GET', '/status')).status).toBe(200);
    server.injectFault({ method: 'GET', path: '/api/status', status: 502, times: Infinity });
    for (let i = 0; i < 3; i += 1) expect((await call(server, 'GET', '/status')).status).toBe(502);
    server.clearFaults();
    expect((await call(server, 'GET', '/status')).status).toBe(200);
  });
});

describe('the request log and latency', () => {
  it('records method, path without query, status and the kind of credential', async () => {
    const server = await seeded();
    const rawKey = server.addApiKey('admin', { description: 'ci' });
    const jwt = await login(server, ADMIN);
    await call(server, 'GET', '/users?environmentId=0', { apiKey: rawKey });
    await call(server, 'GET', '/users/me', { jwt });
    expect(server.requests).toEqual([
      { method: 'POST', path: '/api/auth', status: 200, auth: 'none' },
      { method: 'GET', path: '/api/users', status: 200, auth: 'api-key' },
      { method: 'GET', path: '/api/users/me', status: 200, auth: 'jwt' },
    ]);
    server.clearRequests();
    expect(server.requests).toEqual([]);
  });

  it('adds the configured latency before each response', async () => {
    const server = await seeded({ latencyMs: 150 });
    let started = Date.now();
    await call(server, 'GET', '/status');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    server.setLatency(0);
    started = Date.now();
    await call(server, 'GET', '/status');
    expect(Date.now() - started).toBeLessThan(140);
  });
});
