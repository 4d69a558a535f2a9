import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport, FleetAudit } from '../../src/audit/index.js';
import { auditSeed, EXPECTED_CELLS } from '../support/audit-world.js';
import { startFleetWorld, type FleetWorld } from '../support/fleet-world.js';
import { expectNoSecretsIn } from '../support/secrets.js';
import { seedAdmin } from '../support/seeds.js';
import { mutatingRequests, PASSWORDS } from '../support/world.js';

/**
 * `audit --fleet` and `audit -f a -f b` against one fleet world: prod (Business
 * Edition, the audit's world of grants at every level, pinned, reached as its
 * manifest's admin from two layered files), staging (Community Edition, its
 * own API key from the fleet file) and dr (nobody listens there).
 */

const STAGING_KEY = 'ptr_staging-audit-key-for-tests';
const ENV = { STAGING_API_KEY: STAGING_KEY, SHARED_ADMIN_PASSWORD: 'not-the-admin-password' };
const now = Math.floor(Date.now() / 1000);

const FLEET = `version: 1
targets:
  - name: prod
    url: {{url:prod}}
    manifests: [users.yaml, prod.yaml]
    instanceId: prod-instance-0001
  - name: staging
    url: {{url:staging}}
    manifests: [users.yaml]
    credentials:
      apiKey: { env: STAGING_API_KEY }
  - name: dr
    url: {{url:closed}}
    manifests: [users.yaml]
`;

let world: FleetWorld;
beforeAll(async () => {
  const staging = {
    users: [{ ...seedAdmin(), apiKeys: [{ description: 'ci', key: STAGING_KEY }] }, { username: 'alice', password: PASSWORDS.alice }],
    teams: [{ name: 'dev', members: ['alice'] }],
    environments: [{ name: 'local', teams: [{ name: 'dev' }] }, { name: 'lab' }],
  };
  world = await startFleetWorld(
    { prod: { seed: auditSeed(now), edition: 'be', instanceId: 'prod-instance-0001' }, staging: { seed: staging } },
    {
      'fleet.yaml': FLEET,
      // The shared file's admin password is wrong for prod; prod's overlay gives the right one: the layers merge before the credentials are read.
      'users.yaml': 'version: 1\nadmin:\n  username: admin\n  password: { env: SHARED_ADMIN_PASSWORD }\n',
      'prod.yaml': 'version: 1\nadmin:\n  username: admin\n  password: { env: PORTAINER_ADMIN_PASSWORD }\n',
      'pinned-elsewhere.yaml': FLEET.replace('prod-instance-0001', 'restored-elsewhere'),
    },
  );
});
afterAll(async () => world?.close());

const audit = (args: string[], env: Record<string, string> = ENV) => world.cli(['audit', ...args], env);
const cellsOf = (report: AuditReport) => report.access.map((cell) => [cell.user, cell.environment, cell.role, cell.via]);
const STAGING_CELLS = [...['lab', 'local'].map((environment) => ['admin', environment, 'administrator', 'administrator']), ['alice', 'local', 'access', 'team dev']];

describe('audit --fleet', () => {
  it('reviews every target in one JSON report, names the one that failed, and exits 1', async () => {
    const result = await audit(['--fleet', 'fleet.yaml', '--format', 'json', '--stale-after', '90d']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: dr: GET http:\/\/127\.0\.0\.1:\d+\/api\/[\w/]+ failed: connection refused[^\n]*\n$/);
    const fleet = JSON.parse(result.stdout) as FleetAudit;
    expect(fleet.targets.map((entry) => [entry.name, entry.url, 'report' in entry ? 'report' : 'error'])).toEqual([
      ['prod', world.emulators['prod']?.url, 'report'],
      ['staging', world.emulators['staging']?.url, 'report'],
      ['dr', expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), 'error'],
    ]);
    const [prod, staging] = fleet.targets.map((entry) => ('report' in entry ? entry.report : undefined));
    expect(prod && cellsOf(prod)).toEqual(EXPECTED_CELLS);
    expect(prod?.instanceId).toBe('prod-instance-0001');
    expect(staging && cellsOf(staging)).toEqual(STAGING_CELLS);
    expect(fleet.summary).toEqual({ targets: 3, failed: 1, users: 9, administrators: 3, keys: 5, stale: 2 });
    expect(mutatingRequests(world.emulators['prod']!)).toEqual([]);
    expect(mutatingRequests(world.emulators['staging']!)).toEqual([]);
    // staging is reached with its own key from the fleet file, prod as the admin its layered manifests name.
    expect(world.emulators['staging']?.requests.some((request) => request.auth === 'api-key')).toBe(true);
    expect(world.emulators['prod']?.requests.some((request) => request.path === '/api/auth')).toBe(true);
  });

  it('gives the same review of a target as audit of that target alone', async () => {
    const fleet = await audit(['--fleet', 'fleet.yaml', '--target', 'staging', '--format', 'json']);
    const alone = await world.cli(['audit', '--url', world.emulators['staging']?.url ?? '', '--format', 'json'], { PORTAINER_API_KEY: STAGING_KEY });
    expect(fleet.code).toBe(0);
    expect(JSON.parse(fleet.stdout).targets[0].report).toEqual(JSON.parse(alone.stdout));
  });

  it('prints a section per target in text, a target column in CSV, one comment in markdown and a target filter in HTML', async () => {
    const text = await audit(['--fleet', 'fleet.yaml']);
    expect(text.code).toBe(1);
    const sections = text.stdout.split(/^=== /m).map((section) => section.split('\n')[0]);
    expect(sections.slice(1)).toEqual([`prod (${world.emulators['prod']?.url}) ===`, `staging (${world.emulators['staging']?.url}) ===`, expect.stringMatching(/^dr \(/), 'Summary ===']);
    expect(text.stdout).toContain(`Access review of ${world.emulators['prod']?.url}\nInstance: prod-instance-0001\n`);
    expect(text.stdout).toMatch(/^Failed: GET http:\/\/127\.0\.0\.1:\d+\/api\/[\w/]+ failed: connection refused/m);
    expect(text.stdout).toContain('Fleet: 3 targets: 1 failed, 2 reviewed.');
    expect(text.stdout).toMatch(/^prod {5}7 +2 +4 +4\nstaging +2 +1 +2 +1\ndr +failed$/m);

    const csv = await audit(['--fleet', 'fleet.yaml', '--target', 'prod,staging', '--format', 'csv']);
    expect(csv.code).toBe(0);
    const rows = csv.stdout.split('\r\n').slice(0, -1).map((row) => row.split(','));
    expect(rows[0]).toEqual(['target', 'user', 'environment', 'role', 'via']);
    expect(rows.slice(1)).toEqual([...EXPECTED_CELLS.map((cell) => ['prod', ...cell]), ...STAGING_CELLS.map((cell) => ['staging', ...cell])]);

    const markdown = await audit(['--fleet', 'fleet.yaml', '--format', 'markdown']);
    expect(markdown.stdout.length).toBeLessThan(65_536);
    expect(markdown.stdout).toMatch(/^### Portainer access review of a fleet\n\n\*\*3 targets: 1 failed, 2 reviewed\.\*\*/);
    expect(markdown.stdout).toContain('<details><summary>prod: 7 users, 4 environments, 4 API keys</summary>');
    expect(markdown.stdout).toContain('| stage-1 | dave | standard | team dev via group staging |');
    expect(markdown.stdout).toMatch(/<details><summary>dr: failed<\/summary>\n\n\*\*Error:\*\* GET/);

    const html = await audit(['--fleet', 'fleet.yaml', '--target', 'prod,staging', '--format', 'html', '--output', 'fleet.html']);
    expect(html.code).toBe(0);
    expect(html.stderr).toBe('Wrote the access review of 2 targets to fleet.html.\n');
    const page = readFileSync(join(world.dir, 'fleet.html'), 'utf8');
    expect(page).toContain('<input id="filter-targets"');
    expect(page).toContain('<td>prod-instance-0001</td>');
    expectNoSecretsIn([text.stdout, text.stderr, csv.stdout, markdown.stdout, page], [PASSWORDS.admin, STAGING_KEY, ENV.SHARED_ADMIN_PASSWORD]);
  });

  it('refuses a target whose Portainer is another instance before sending it any credential', async () => {
    world.emulators['prod']?.clearRequests();
    const result = await audit(['--fleet', 'pinned-elsewhere.yaml', '--target', 'prod', '--format', 'csv']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`Error: prod: ${world.emulators['prod']?.url} is Portainer instance prod-instance-0001, not the pinned restored-elsewhere; nothing was read or changed\n`);
    const sent = world.emulators['prod']?.requests.map((request) => `${request.method} ${request.path} ${request.auth}`) ?? [];
    expect(sent).toContain('GET /api/system/status none');
    expect(sent.filter((request) => !request.endsWith(' none'))).toEqual([]);
  });

  it('refuses what cannot go with --fleet in one line, before any request', async () => {
    world.emulators['prod']?.clearRequests();
    const cases: [string[], string][] = [
      [['--fleet', 'fleet.yaml', '--url', 'http://x', '--api-key', 'k'], "--url, --api-key cannot go with --fleet: each target's URL, credentials and manifests come from the fleet file"],
      [['--fleet', 'fleet.yaml', '-f', 'users.yaml'], "-f cannot go with --fleet: each target's URL, credentials and manifests come from the fleet file"],
      [['--fleet', 'fleet.yaml', '--target', 'qa'], 'fleet.yaml has no target "qa"; its targets are prod, staging, dr'],
      [['-f', 'users.yaml', '--parallel', '2'], '--parallel goes with --fleet FILE: it says how many targets are reviewed at once'],
    ];
    for (const [args, line] of cases) {
      const result = await audit(args);
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 1, stderr: `Error: ${line}\nRun 'portainer-users audit --help' for usage.\n` });
    }
    expect(world.emulators['prod']?.requests).toEqual([]);
  });

  // Last: it changes staging.
  it('--compare takes an earlier fleet review and compares target by target (2 when any changed, 1 when any failed)', async () => {
    expect((await audit(['--fleet', 'fleet.yaml', '--target', 'prod,staging', '--format', 'json', '--output', 'old.json'])).code).toBe(0);
    const same = await audit(['--fleet', 'fleet.yaml', '--target', 'prod,staging', '--compare', 'old.json', '--detailed-exitcode']);
    expect({ code: same.code, stderr: same.stderr }).toEqual({ code: 0, stderr: '' });
    expect(same.stdout).toContain('Fleet: 2 targets: 0 changed, 2 unchanged.');
    world.emulators['staging']?.grant({ environment: 'lab' }, { user: 'alice' }, 0);
    const changed = await audit(['--fleet', 'fleet.yaml', '--target', 'prod,staging', '--compare', 'old.json', '--detailed-exitcode', '--format', 'json']);
    expect(changed.code).toBe(2);
    const comparison = JSON.parse(changed.stdout);
    expect(comparison.targets.map((entry: { name: string; comparison: { changed: boolean } }) => [entry.name, entry.comparison.changed])).toEqual([['prod', false], ['staging', true]]);
    expect(comparison.targets[1].comparison.access).toEqual([{ user: 'alice', environment: 'lab', before: null, after: { role: 'access', via: 'environment' } }]);
    const withDr = await audit(['--fleet', 'fleet.yaml', '--compare', 'old.json', '--detailed-exitcode']);
    expect(withDr.code).toBe(1);
    expect(withDr.stdout).toMatch(/=== staging \([^)]+\) ===\n\nAccess:\n {2}\+ alice on lab: access \(environment\)\n[\s\S]*=== dr \([^)]+\) ===\n\nFailed: /);
    expect(withDr.stdout).toContain('Fleet: 3 targets: 1 failed, 1 changed, 1 unchanged.');
    // One target's review, taken out of the fleet's, is a review of one Portainer: not what a fleet compares with.
    const old = JSON.parse(readFileSync(join(world.dir, 'old.json'), 'utf8')) as FleetAudit;
    writeFileSync(join(world.dir, 'one.json'), JSON.stringify('report' in old.targets[0]! ? old.targets[0].report : null));
    const single = await audit(['--fleet', 'fleet.yaml', '--compare', 'one.json']);
    expect(single).toMatchObject({ code: 1, stdout: '', stderr: "Error: one.json is the review of one Portainer (audit --format json); audit --fleet compares with a fleet's review (audit --fleet --format json)\n" });
    const fleetAsOne = await world.cli(['audit', '--url', world.emulators['staging']?.url ?? '', '--compare', 'old.json'], { PORTAINER_API_KEY: STAGING_KEY });
    expect(fleetAsOne.stderr).toBe('Error: old.json is the review of a fleet (audit --fleet); compare it with audit --fleet\n');
  });
});

describe('audit -f a -f b (one Portainer)', () => {
  it("logs in as the admin the layered manifests name, and reads the instance as plan does (falling back on an older Portainer)", async () => {
    const prod = world.emulators['prod']!;
    prod.clearRequests();
    const result = await world.cli(['audit', '-f', 'users.yaml', '-f', 'prod.yaml', '--url', prod.url, '--format', 'markdown'], ENV);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Instance: `prod-instance-0001`');
    expect(prod.requests.filter((request) => /status$/.test(request.path)).map((request) => request.path)).toEqual(['/api/system/status']);
    prod.clearRequests();
    prod.injectFault({ method: 'GET', path: '/api/system/status', status: 404 });
    const older = await world.cli(['audit', '-f', 'users.yaml', '-f', 'prod.yaml', '--url', prod.url, '--format', 'json'], ENV);
    expect(older.code).toBe(0);
    expect(JSON.parse(older.stdout).instanceId).toBe('prod-instance-0001');
    expect(prod.requests.filter((request) => /status$/.test(request.path)).map((request) => request.path)).toEqual(['/api/system/status', '/api/status']);
  });
});
