import { writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PortainerClient, type RequestEvent } from '../../src/portainer/index.js';
import { manifest } from '../support/manifests.js';
import { makeTestPki, type TestPki } from '../support/pki.js';
import { expectNoSecretsIn } from '../support/secrets.js';
import { CONVERGED_BASIC } from '../support/seeds.js';
import { PASSWORDS, startWorld, type World } from '../support/world.js';

/** A private CA and a certificate it signed for 127.0.0.1, made with openssl for this run only. */
let pki: TestPki;
beforeAll(() => {
  pki = makeTestPki('pu-tls-');
});
afterAll(() => pki.remove());

const servers: Server[] = [];
let world: World | undefined;
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await world?.close();
  world = undefined;
});

/** HTTPS in front of `target` (an http URL), as a TLS-terminating proxy would be. */
async function httpsProxyTo(target: string): Promise<string> {
  const server = createServer({ key: pki.key, cert: pki.cert }, (req, res) => {
    const upstream = httpRequest(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function httpsStatusServer(): Promise<string> {
  const server = createServer({ key: pki.key, cert: pki.cert }, (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"Version":"2.45.0"}'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('TLS in the client', () => {
  it('trusts a private CA given to it', async () => {
    const url = await httpsStatusServer();
    const client = new PortainerClient({ url, tls: { ca: pki.ca } });
    expect(await client.status()).toEqual({ version: '2.45.0' });
  });

  it('refuses a certificate it cannot verify, at once and in words', async () => {
    const url = await httpsStatusServer();
    const events: RequestEvent[] = [];
    const error = await new PortainerClient({ url, onRequest: (e) => events.push(e) }).status().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network', networkCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect((error as { userMessage: string }).userMessage).toBe(
      `GET ${url}/api/status failed: Portainer's TLS certificate could not be verified (unknown issuer); give --ca-cert FILE to trust the CA that signed it, or --insecure to skip verification`,
    );
    expect(events).toHaveLength(1); // not a glitch: never retried
  });

  it('skips verification when told to', async () => {
    const url = await httpsStatusServer();
    expect(await new PortainerClient({ url, tls: { insecure: true } }).status()).toEqual({ version: '2.45.0' });
  });
});

describe('TLS options of the CLI', () => {
  const PLAN = ['plan', '-f', 'users.yaml'];
  const yaml = manifest([{ username: 'alice', role: 'admin', passwordEnv: 'ALICE_PASSWORD' }, { username: 'bob', passwordEnv: 'BOB_PASSWORD' }]);

  it('plans over https with --ca-cert, and fails with a clear sentence without it', async () => {
    world = await startWorld(yaml, { seed: CONVERGED_BASIC });
    const url = await httpsProxyTo(world.emulator.url);
    const trusted = await world.cli([...PLAN, '--ca-cert', pki.caFile], { PORTAINER_URL: url });
    expect(trusted.stderr).toBe('');
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toContain('No changes.');

    const untrusted = await world.cli(PLAN, { PORTAINER_URL: url });
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(/^Error: GET https:\/\/127\.0\.0\.1:\d+\/api\/(settings\/public|users\/admin\/check) failed: Portainer's TLS certificate could not be verified \(unknown issuer\)/);
    expect(untrusted.stderr).not.toMatch(/\n\s+at /);
    expectNoSecretsIn([trusted.stdout, trusted.stderr, untrusted.stdout, untrusted.stderr], Object.values(PASSWORDS));
  });

  it('warns on every run with --insecure or PORTAINER_INSECURE=1', async () => {
    world = await startWorld(yaml, { seed: CONVERGED_BASIC });
    const url = await httpsProxyTo(world.emulator.url);
    const runs = [
      ['--insecure', () => world!.cli([...PLAN, '--insecure'], { PORTAINER_URL: url })],
      ['PORTAINER_INSECURE', () => world!.cli(PLAN, { PORTAINER_URL: url, PORTAINER_INSECURE: '1' })],
    ] as const;
    for (const [givenAs, run] of runs) {
      const result = await run();
      expect(result.code).toBe(0);
      // The warning names what the person set: the flag or the variable.
      expect(result.stderr).toMatch(new RegExp(`^Warning: ${givenAs}: Portainer's TLS certificate is not verified`));
      expectNoSecretsIn([result.stdout, result.stderr], Object.values(PASSWORDS));
    }
  });

  it('names PORTAINER_CA_CERT, in words, when the bundle it gives does not vouch for the certificate', async () => {
    world = await startWorld(yaml, { seed: CONVERGED_BASIC });
    const url = await httpsProxyTo(world.emulator.url);
    // A real CA, but not the one that signed this certificate.
    const other = join(world.dir, 'other-ca.pem');
    writeFileSync(other, rootCertificates[0] as string);
    const result = await world.cli(PLAN, { PORTAINER_URL: url, PORTAINER_CA_CERT: other });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: GET \S+ failed: Portainer's TLS certificate could not be verified \(unknown issuer\); the CA bundle given as PORTAINER_CA_CERT does not hold the CA that signed it/m);
    expect(result.stderr).not.toMatch(/UNABLE_TO|--ca-cert/);
  });

  it('takes PORTAINER_INSECURE=yes or ON as --insecure, off as off, and refuses a value it cannot read before any request', async () => {
    world = await startWorld(yaml, { seed: CONVERGED_BASIC });
    const url = await httpsProxyTo(world.emulator.url);
    for (const value of ['yes', 'ON', 'True']) {
      const result = await world.cli(PLAN, { PORTAINER_URL: url, PORTAINER_INSECURE: value });
      expect(result.code, value).toBe(0);
      expect(result.stderr).toMatch(/^Warning: PORTAINER_INSECURE: /m);
    }
    const off = await world.cli(PLAN, { PORTAINER_URL: url, PORTAINER_INSECURE: 'off' });
    expect(off.code).toBe(1);
    expect(off.stderr).toMatch(/could not be verified/);
    world.emulator.clearRequests();
    const unreadable = await world.cli(PLAN, { PORTAINER_URL: url, PORTAINER_INSECURE: 'y' });
    expect(unreadable).toMatchObject({ code: 1, stdout: '' });
    expect(unreadable.stderr).toMatch(/^Error: PORTAINER_INSECURE must be 1, true, yes or on to turn it on \(0, false, no, off or empty to leave it off\), got "y"$/m);
    expect(world.emulator.requests).toEqual([]);
    // Only the commands that connect read it: validate is offline.
    expect((await world.cli(['validate', '-f', 'users.yaml'], { PORTAINER_INSECURE: 'y' })).code).toBe(0);
  });

  it('says a missing CA bundle plainly, before any request', async () => {
    world = await startWorld(yaml, { seed: CONVERGED_BASIC });
    const result = await world.cli([...PLAN, '--ca-cert', 'nowhere.pem']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: cannot read the CA bundle nowhere\.pem \(--ca-cert\): no such file$/m);
    expect(world.emulator.requests).toEqual([]);
  });

  it('warns that plain http to another machine carries credentials in clear text', async () => {
    world = await startWorld(yaml, { seed: CONVERGED_BASIC });
    const result = await world.cli([...PLAN, '--timeout', '300'], { PORTAINER_URL: 'http://192.0.2.1:9000' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Warning: http://192.0.2.1:9000 is plain http to another machine: passwords, JWTs and API keys travel in clear text; use https://.');
    const local = await world.cli(PLAN);
    expect(local.stderr).toBe('');
  });
});
