import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PortainerClient, PortainerUrlError } from '../../src/portainer/index.js';
import { Secret } from '../../src/secret.js';
import { describeEmulated, failureOf, PASSWORD, startTarget } from './target.js';

/** A server that answers every request with `answer` and remembers the headers it got. */
async function stubServer(answer: (path: string, res: ServerResponse) => void) {
  const seen: { method: string; path: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    req.resume().on('end', () => answer(req.url ?? '', res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stubs.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}
const stubs: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  for (const server of stubs.splice(0)) await new Promise((resolve) => server.close(resolve));
});

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

describe('the API address', () => {
  it.each([
    ['https://portainer.example:9443', 'https://portainer.example:9443/api'],
    ['https://portainer.example:9443/', 'https://portainer.example:9443/api'],
    ['https://portainer.example:9443/api', 'https://portainer.example:9443/api'],
    ['https://portainer.example:9443/api//', 'https://portainer.example:9443/api'],
    ['http://example.com/portainer/', 'http://example.com/portainer/api'],
  ])('normalises %s to %s', (url, apiUrl) => {
    expect(new PortainerClient({ url }).apiUrl).toBe(apiUrl);
  });

  it('refuses a URL carrying a password, without repeating it', () => {
    const error = (() => {
      try {
        new PortainerClient({ url: 'https://me:hunter2-secret@portainer.example' });
      } catch (caught) {
        return caught as PortainerUrlError;
      }
      throw new Error('expected a refusal');
    })();
    expect(error).toBeInstanceOf(PortainerUrlError);
    expect(error.userMessage).not.toContain('hunter2');
  });
});

describe('what goes on the wire', () => {
  it('sends only X-API-Key with an API key, only Authorization with a password, and never a cookie', async () => {
    const stub = await stubServer((path, res) =>
      path === '/api/auth'
        ? sendJson(res, 200, { jwt: 'header.payload.signature' }, { 'set-cookie': 'portainer_api_key=abc; Path=/' })
        : sendJson(res, 200, []),
    );
    await new PortainerClient({ url: stub.url, auth: { kind: 'api-key', key: new Secret('ptr_key') } }).listUsers();
    const withPassword = new PortainerClient({ url: stub.url, auth: { kind: 'password', username: 'admin', password: new Secret(PASSWORD) } });
    await withPassword.listUsers();
    await withPassword.listUsers();
    const [byKey, login, first, second] = stub.seen;
    expect(byKey?.headers['x-api-key']).toBe('ptr_key');
    expect(byKey?.headers.authorization).toBeUndefined();
    expect(login?.headers['x-api-key']).toBeUndefined();
    expect(login?.headers.authorization).toBeUndefined();
    for (const request of [first, second]) {
      expect(request?.headers.authorization).toBe('Bearer header.payload.signature');
      expect(request?.headers['x-api-key']).toBeUndefined();
    }
    expect(stub.seen.every((request) => request.headers.cookie === undefined)).toBe(true);
  });

  it('sends a key read with its newline without it, and refuses one with a line break inside, sending nothing and quoting nothing', async () => {
    const stub = await stubServer((_path, res) => sendJson(res, 200, []));
    await new PortainerClient({ url: stub.url, auth: { kind: 'api-key', key: new Secret(' ptr_key\n') } }).listUsers();
    expect(stub.seen[0]?.headers['x-api-key']).toBe('ptr_key');
    const error = await failureOf(new PortainerClient({ url: stub.url, auth: { kind: 'api-key', key: new Secret('ptr_a\nbc') } }).listUsers());
    expect(error).toMatchObject({ kind: 'network' });
    expect(error.userMessage).toContain('x-api-key');
    expect(error.userMessage).not.toContain('ptr_a');
    expect(stub.seen).toHaveLength(1);
  });

  it('uses the JSON keys Portainer\'s handlers decode', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk)).on('end', () => {
        bodies.push(`${req.method} ${req.url} ${body}`);
        if (req.url === '/api/auth') sendJson(res, 200, { jwt: 'j' });
        else if (req.url?.endsWith('/passwd')) res.writeHead(204).end();
        else if (req.url?.endsWith('/tokens')) sendJson(res, 201, { rawAPIKey: 'ptr_x', apiKey: { id: 1, userId: 2, description: 'd', prefix: 'ptr_', dateCreated: 1, lastUsed: 0 } });
        else sendJson(res, 200, { Id: 2, Username: 'u', Role: 2 });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stubs.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = new PortainerClient({ url, auth: { kind: 'jwt', jwt: new Secret('j') } });
    const pw = new Secret('p');
    await client.login('u', pw);
    await client.initAdmin('u', pw);
    await client.createUser({ username: 'u', password: pw, role: 'standard' });
    await client.updateUser(2, { role: 'admin', newPassword: new Secret('n') });
    await client.createApiKey(2, { description: 'd', password: pw });
    await client.changePassword(2, { password: pw, newPassword: new Secret('n') });
    expect(bodies).toEqual([
      'POST /api/auth {"username":"u","password":"p"}',
      'POST /api/users/admin/init {"Username":"u","Password":"p"}',
      'POST /api/users {"username":"u","password":"p","role":2}',
      'PUT /api/users/2 {"role":1,"newPassword":"n"}',
      'POST /api/users/2/tokens {"description":"d","password":"p"}',
      'PUT /api/users/2/passwd {"password":"p","newPassword":"n"}',
    ]);
  });

  it('does not follow redirects, and says where it was sent', async () => {
    const stub = await stubServer((_path, res) => res.writeHead(301, { location: 'https://portainer.example/api/status' }).end());
    const error = await failureOf(new PortainerClient({ url: stub.url }).status());
    expect(error).toMatchObject({ kind: 'http', status: 301 });
    expect(error.userMessage).toContain('redirected to https://portainer.example/api/status');
    expect(stub.seen).toHaveLength(1);
  });
});

describe('bodies of the wrong shape', () => {
  it('name the call and what was expected', async () => {
    const stub = await stubServer((_path, res) => sendJson(res, 200, [{ Id: 1, Username: 'admin', Role: 7 }]));
    const error = await failureOf(new PortainerClient({ url: stub.url, auth: { kind: 'api-key', key: new Secret('k') } }).listUsers());
    expect(error).toMatchObject({ kind: 'invalid-response', method: 'GET', path: '/api/users', status: 200 });
    expect(error.userMessage).toMatch(/^GET \/api\/users answered a body that is not a list of users: \[0\]\.Role: /);
  });

  it('call a non-JSON body what it is, and an HTML page a server that is not Portainer', async () => {
    const text = await stubServer((_path, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('login'));
    const error = await failureOf(new PortainerClient({ url: text.url }).status());
    expect(error).toMatchObject({ kind: 'invalid-response' });
    expect(error.userMessage).toBe('GET /api/status answered a body that is not a Portainer status: the body is not JSON');
    const html = await stubServer((_path, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'));
    const page = await failureOf(new PortainerClient({ url: html.url }).status());
    expect(page).toMatchObject({ kind: 'invalid-response' });
    expect(page.userMessage).toBe(`${html.url}: this does not look like Portainer (GET /api/status answered an HTML page, 200 OK); check --url`);
  });

  it('never quote a secret from the body they reject', async () => {
    const stub = await stubServer((_path, res) => sendJson(res, 200, { rawAPIKey: 'ptr_very-secret', apiKey: { id: 'x' } }));
    const client = new PortainerClient({ url: stub.url, auth: { kind: 'jwt', jwt: new Secret('j') } });
    const error = await failureOf(client.createApiKey(2, { description: 'd', password: new Secret('p') }));
    expect(error.kind).toBe('invalid-response');
    expect(error.userMessage).not.toContain('ptr_very-secret');
  });

  it('accept fields Portainer adds in other versions', async () => {
    const stub = await stubServer((_path, res) =>
      sendJson(res, 200, [{ Id: 1, Username: 'admin', Role: 1, TokenIssueAt: 5, ThemeSettings: { color: '' }, UseCache: true }]),
    );
    const users = await new PortainerClient({ url: stub.url, auth: { kind: 'api-key', key: new Secret('k') } }).listUsers();
    expect(users).toEqual([{ id: 1, username: 'admin', role: 'admin' }]);
  });
});

describe('transport failures', () => {
  it('name the URL and the cause when nothing listens', async () => {
    const stub = await stubServer(() => undefined);
    const url = stub.url;
    await new Promise((resolve) => stubs.pop()!.close(resolve));
    const error = await failureOf(new PortainerClient({ url }).status());
    expect(error).toMatchObject({ kind: 'network', method: 'GET', path: '/api/status' });
    expect(error.userMessage).toContain(`${url}/api/status`);
    // The code is data; the sentence says it in words.
    expect(error.networkCode).toBe('ECONNREFUSED');
    expect(error.userMessage).toContain('connection refused');
    expect(error.userMessage).not.toContain('ECONNREFUSED');
  });

  describeEmulated('against the emulator', () => {
    it('time out after timeoutMs, naming the call and the limit', async () => {
      const target = await startTarget({ latencyMs: 400 });
      const error = await failureOf(target.client({ kind: 'none' }, { timeoutMs: 100 }).status());
      expect(error).toMatchObject({ kind: 'timeout', method: 'GET', path: '/api/status' });
      expect(error.userMessage).toContain('GET /api/status');
      expect(error.userMessage).toContain('100 ms');
    });

    it('retry a GET after 502, 503, 504 or 429', async () => {
      const target = await startTarget();
      const emulator = target.emulator!;
      emulator.injectFault({ method: 'GET', path: '/api/users', status: 502 });
      emulator.injectFault({ method: 'GET', path: '/api/users', status: 429 });
      const users = await target.adminClient().listUsers();
      expect(users.length).toBeGreaterThan(0);
      expect(emulator.requests.filter((r) => r.path === '/api/users').map((r) => r.status)).toEqual([502, 429, 200]);
    });

    it('retry a GET at most as often as the retry policy says', async () => {
      const target = await startTarget();
      target.emulator!.injectFault({ method: 'GET', path: '/api/users', status: 503, times: 3 });
      const error = await failureOf(target.adminClient({ retry: { retries: 2, baseDelayMs: 10 } }).listUsers());
      expect(error).toMatchObject({ kind: 'http', status: 503 });
      expect(target.emulator!.requests.filter((r) => r.path === '/api/users')).toHaveLength(3);
    });

    it('retry a GET whose connection was dropped', async () => {
      const target = await startTarget();
      target.emulator!.injectFault({ method: 'GET', path: '/api/status', drop: 'connection' });
      await expect(target.client({ kind: 'none' }).status()).resolves.toBeDefined();
    });

    it('retry a DELETE after 504', async () => {
      const target = await startTarget();
      const alice = await target.createUser('alice');
      target.emulator!.injectFault({ method: 'DELETE', path: '/api/users/*', status: 504 });
      await target.adminClient().deleteUser(alice.id);
      expect(target.emulator!.findUser('alice')).toBeUndefined();
    });

    it('never retry a POST or PUT', async () => {
      const target = await startTarget();
      const emulator = target.emulator!;
      const admin = target.adminClient();
      emulator.injectFault({ method: 'POST', path: '/api/users', status: 502 });
      expect(await failureOf(admin.createUser({ username: 'alice', password: new Secret(PASSWORD), role: 'standard' }))).toMatchObject({ status: 502 });
      emulator.injectFault({ method: 'POST', path: '/api/users', drop: 'response' });
      expect(await failureOf(admin.createUser({ username: 'bob', password: new Secret(PASSWORD), role: 'standard' }))).toMatchObject({ kind: 'network' });
      emulator.injectFault({ method: 'PUT', path: '/api/users/*', status: 503 });
      expect(await failureOf(admin.updateUser(1, { role: 'admin' }))).toMatchObject({ status: 503 });
      const writes = emulator.requests.filter((r) => r.method !== 'GET' && r.path !== '/api/auth');
      expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/users', 'POST /api/users', 'PUT /api/users/1']);
      expect(emulator.findUser('bob')).toBeDefined(); // the dropped answer hid a change that happened
    });
  });
});
