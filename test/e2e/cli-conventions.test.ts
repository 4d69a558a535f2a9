import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { manifest } from '../support/manifests.js';
import { makeTestPki, type TestPki } from '../support/pki.js';
import { seedAdmin } from '../support/seeds.js';
import { ADMIN_LOGIN, mutatingRequests, PASSWORDS, startWorld, type World } from '../support/world.js';

/**
 * Where the tool meets the terminal, the file system and the network, it
 * behaves as a Terraform or kubectl user expects: one sentence on stderr for
 * every error (never "unexpected" for something a user typed: the CLI helper
 * fails any test that produces it), the plan and reports on stdout.
 */

let world: World | undefined;
const servers: Server[] = [];
let pki: TestPki;
beforeAll(() => void (pki = makeTestPki('pu-cli-pki-')));
afterAll(() => pki.remove());
afterEach(async () => {
  await world?.close();
  world = undefined;
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function open(yaml = manifest([{ username: 'carol', passwordEnv: 'CAROL_PASSWORD' }])): Promise<World> {
  world = await startWorld(yaml, { seed: { users: [seedAdmin(), { username: 'bob', password: PASSWORDS.bob, role: 'standard' }] } });
  return world;
}

function listening(server: Server): Promise<string> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function expectOneSentence(result: CliResult, words: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(words);
  expect(result.stderr).not.toMatch(/\n\s+at |EISDIR|ENOENT|\.tmp\b/);
}

describe('usage errors', () => {
  it('are one line and a pointer to help, with a suggestion for a near miss', async () => {
    const cases: [string[], RegExp, string][] = [
      [['plna'], /^Error: unknown command 'plna' \(did you mean plan\?\)$/, "Run 'portainer-users --help' for usage."],
      [['plan', '-f', 'm.yaml', '--dry-run'], /^Error: unknown option '--dry-run'$/, "Run 'portainer-users plan --help' for usage."],
      [['plan'], /^Error: required option '-f, --file <manifest>' not specified$/, "Run 'portainer-users plan --help' for usage."],
      [['plan', '-f', 'm.yaml', '-detailed-exitcode'], /^Error: unknown option '-detailed-exitcode'$/, "Run 'portainer-users plan --help' for usage."],
      [['drift', '-f', 'm.yaml', '--jsn'], /^Error: unknown option '--jsn' \(did you mean --json\?\)$/, "Run 'portainer-users drift --help' for usage."],
      [['apply'], /^Error: apply needs -f MANIFEST or a saved plan file$/, "Run 'portainer-users apply --help' for usage."],
    ];
    for (const [args, first, second] of cases) {
      const result = await runCli(args);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 1, stdout: '' });
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(first);
      expect(lines[1]).toBe(second);
    }
  });

  it('name the option whose value is wrong', async () => {
    for (const [option, value] of [['--timeout', 'abc'], ['--timeout', '0'], ['--concurrency', '0']] as const) {
      const result = await runCli(['plan', '-f', 'm.yaml', option, value]);
      expect(result.code).toBe(1);
      expect(result.stderr.split('\n')[0]).toBe(`Error: option '${option} <${option === '--timeout' ? 'ms' : 'n'}>' argument '${value}' is invalid. expected a whole number greater than 0.`);
    }
  });

  it('help shows defaults, and each command only the options it reads', async () => {
    const plan = (await runCli(['plan', '--help'])).stdout;
    expect(plan).toMatch(/--timeout <ms>.*\(default: 30000\)/s);
    expect(plan).toContain('--url <url>');
    const validate = (await runCli(['validate', '--help'])).stdout;
    expect(validate).not.toContain('--url');
    expect(validate).not.toContain('--api-key');
    expect(validate).toContain('--strict');
  });
});

describe('streams', () => {
  it('puts plan errors on stderr and the plan on stdout', async () => {
    const w = await open(manifest([{ username: 'carol' }]));
    const result = await w.cli(['plan', '-f', 'users.yaml']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\+ user\.carol/);
    expect(result.stdout).not.toMatch(/Error/);
    expect(result.stderr).toMatch(/^Error: user\.carol: the manifest gives no password for carol/m);
  });

  it('says where plan --out saved the plan, or that it was not written', async () => {
    const w = await open();
    const saved = await w.cli(['plan', '-f', 'users.yaml', '--out', 'plan.json']);
    expect(saved.stdout).toContain('Saved the plan to plan.json. To apply it: portainer-users apply plan.json');
    w.writeManifest(manifest([{ username: 'dave' }]));
    const refused = await w.cli(['plan', '-f', 'users.yaml', '--out', 'other.json']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The plan has errors; other.json was not written.');
  });

  it('reads the manifest from stdin with -f -', async () => {
    const w = await open();
    const result = await runCli(['plan', '-f', '-'], {
      cwd: w.dir,
      input: manifest([{ username: 'carol', passwordEnv: 'CAROL_PASSWORD' }]),
      env: { PORTAINER_URL: w.emulator.url, PORTAINER_ADMIN_PASSWORD: PASSWORDS.admin, CAROL_PASSWORD: PASSWORDS.carol },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Plan for http:\/\/127\.0\.0\.1:\d+ from -/);
    expect(result.stdout).toMatch(/\+ user\.carol/);
  });

  it('prints the URL as it is used', async () => {
    const w = await open();
    const result = await w.cli(['plan', '-f', 'users.yaml'], { PORTAINER_URL: `${w.emulator.url}\n` });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`Plan for ${w.emulator.url} from users.yaml`);
  });

  it('takes drift --json as drift --format json', async () => {
    const w = await open();
    const result = await w.cli(['drift', '-f', 'users.yaml', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).status).toBe('drifted');
  });
});

describe('files the tool writes', () => {
  it('refuses a folder, a missing folder and a path under a file, before anything, in words', async () => {
    const w = await open();
    mkdirSync(join(w.dir, 'reports'));
    writeFileSync(join(w.dir, 'a-file'), 'x');
    const cases: [string[], RegExp][] = [
      [['plan', '-f', 'users.yaml', '--out', 'reports'], /^Error: cannot write the plan to reports: it is a folder$/m],
      [['plan', '-f', 'users.yaml', '--out', 'missing/plan.json'], /^Error: cannot write the plan to missing\/plan\.json: its folder missing does not exist$/m],
      [['drift', '-f', 'users.yaml', '--output', 'a-file/drift.md'], /^Error: cannot write the report to a-file\/drift\.md: a-file is not a folder$/m],
      [['export', '--output', 'reports'], /^Error: cannot write the manifest to reports: it is a folder$/m],
      [['apply', '-f', 'users.yaml', '--auto-approve', '--secrets-out', 'reports'], /^Error: cannot write the secrets file reports: it is a folder/m],
    ];
    for (const [args, words] of cases) {
      w.emulator.clearRequests();
      expectOneSentence(await w.cli(args, ADMIN_LOGIN), words);
      expect(mutatingRequests(w.emulator)).toEqual([]);
    }
  });
});

describe('the network', () => {
  it('says a plain web server is not Portainer', async () => {
    const web = createHttpServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<!DOCTYPE HTML><html><body><h1>Error response</h1></body></html>'));
    const address = await listening(web);
    const w = await open();
    const result = await w.cli(['plan', '-f', 'users.yaml'], { PORTAINER_URL: `http://${address}` });
    expectOneSentence(result, new RegExp(`^Error: http://${address}: this does not look like Portainer \\(GET /api/\\S+ answered an HTML page, 404 Not Found\\); check PORTAINER_URL$`, 'm'));
  });

  it('says a failure of the network in words, not an errno, and names what the person set', async () => {
    const w = await open();
    const closed = createHttpServer();
    const address = await listening(closed);
    await new Promise((resolve) => closed.close(resolve));
    servers.splice(servers.indexOf(closed), 1);
    const refused = await w.cli(['plan', '-f', 'users.yaml'], { PORTAINER_URL: `http://${address}` });
    expectOneSentence(refused, /^Error: GET http:\/\/\S+ failed: connection refused; is Portainer running and listening on that port\?$/m);
    // TLS spoken to the emulator's plain http port.
    const handshake = await w.cli(['plan', '-f', 'users.yaml'], { PORTAINER_URL: w.emulator.url.replace('http:', 'https:') });
    expectOneSentence(handshake, /failed: the TLS handshake failed \(is it plain http on that port/);
    const noUrl = { PORTAINER_URL: 'portainer.example' };
    expectOneSentence(await w.cli(['plan', '-f', 'users.yaml'], noUrl), /^Error: PORTAINER_URL: "portainer\.example" is not a URL/m);
    expectOneSentence(await w.cli(['plan', '-f', 'users.yaml', '--url', 'portainer.example']), /^Error: --url: "portainer\.example" is not a URL/m);
    expectOneSentence(await w.cli(['plan', '-f', 'users.yaml'], { PORTAINER_CA_CERT: '/nope.pem' }), /^Error: cannot read the CA bundle \/nope\.pem \(PORTAINER_CA_CERT\): no such file$/m);
    for (const result of [refused, handshake]) expect(result.stderr).not.toMatch(/\b(E[A-Z]{3,}|ERR_[A-Z_]+)\b/);
    expect(mutatingRequests(w.emulator)).toEqual([]);
  });

  it('recognises an https port spoken to in plain http at once', async () => {
    const tls = createHttpsServer({ key: pki.key, cert: pki.cert }, (_req, res) => res.end('{}'));
    const address = await listening(tls);
    const w = await open();
    const started = Date.now();
    const result = await w.cli(['plan', '-f', 'users.yaml'], { PORTAINER_URL: `http://${address}` });
    expectOneSentence(result, /that port speaks TLS, not plain http: is the URL https:\/\/\?/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('names --ca-cert and --insecure for a certificate it cannot verify', async () => {
    const tls = createHttpsServer({ key: pki.key, cert: pki.cert }, (_req, res) => res.end('{}'));
    const address = await listening(tls);
    const w = await open();
    const result = await w.cli(['plan', '-f', 'users.yaml'], { PORTAINER_URL: `https://${address}` });
    expectOneSentence(result, /--ca-cert FILE .* --insecure/);
  });

  it('says a wrong API key was refused, and that a standard user is not an administrator', async () => {
    const w = await open();
    const key = await w.cli(['plan', '-f', 'users.yaml'], { PORTAINER_API_KEY: 'ptr_not-a-key' });
    expectOneSentence(key, /^Error: the API key was refused \(GET \/api\/users\/me answered 401 Unauthorized/m);
    const standard = await w.cli(['plan', '-f', 'users.yaml'], { PORTAINER_USERNAME: 'bob', PORTAINER_PASSWORD: PASSWORDS.bob });
    expectOneSentence(standard, /^Error: user bob is not an administrator; the tool needs an admin's credentials/m);
  });
});

describe('progress', () => {
  it("says once that it waits for Portainer's login rate limit", async () => {
    // Reading another admin's keys takes a login as that admin: twelve logins at once wait for the pacer.
    const names = Array.from({ length: 12 }, (_, index) => `a${index}`);
    const env = Object.fromEntries(names.map((name) => [`${name.toUpperCase()}_PASSWORD`, `${name}-password-long`]));
    world = await startWorld(
      manifest(names.map((name) => ({ username: name, role: 'admin', passwordEnv: `${name.toUpperCase()}_PASSWORD`, apiKeys: [] }))),
      { seed: { users: [seedAdmin(), ...names.map((name) => ({ username: name, password: `${name}-password-long`, role: 'admin' as const }))] } },
    );
    const result = await world.cli(['plan', '-f', 'users.yaml'], env);
    expect(result.code).toBe(0);
    expect(result.stderr.match(/Note: waiting for Portainer's login rate limit/g)).toHaveLength(1);
  }, 60_000);

  it('says every 10 s that a slow change is still going, as Terraform does', async () => {
    const w = await open();
    w.emulator.injectFault({ method: 'POST', path: '/api/users', delayMs: 10_500 });
    const result = await w.cli(['apply', '-f', 'users.yaml', '--auto-approve']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^user\.carol: Still creating\.\.\. \[10s elapsed\]$/m);
    expect(result.stdout).toMatch(/^user\.carol: Creation complete after 10\.\ds$/m);
  }, 30_000);
});

it('needs openssl for its certificates', () => {
  expect(execFileSync('openssl', ['version'], { encoding: 'utf8' })).toMatch(/SSL/);
});
