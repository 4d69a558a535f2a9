import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/index.js';
import { auditSeed, EXPECTED_CELLS } from '../support/audit-world.js';
import { expectNoSecretsIn } from '../support/secrets.js';
import { ADMIN_LOGIN, countWhere, mutatingRequests, PASSWORDS, startWorld, type World } from '../support/world.js';

const DAY = 86_400;
const now = Math.floor(Date.now() / 1000);
let world: World;

beforeAll(async () => {
  world = await startWorld('', { edition: 'be', seed: auditSeed(now) });
});
afterAll(async () => world.close());

const audit = (args: string[], env: Record<string, string> = ADMIN_LOGIN) => world.cli(['audit', ...args], env);
const cellsOf = (report: AuditReport) => report.access.map((cell) => [cell.user, cell.environment, cell.role, cell.via]);

describe('audit of a Business Edition server', () => {
  it('reports every cell as 2.45 resolves it, with the fewest reads and no write', async () => {
    world.emulator.clearRequests();
    const result = await audit(['--format', 'json', '--stale-after', '90d']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(cellsOf(report)).toEqual(EXPECTED_CELLS);
    expect(report.users.map((user) => [user.username, user.role, user.teams.map((team) => `${team.team}:${team.role}`).join(','), user.keys])).toEqual([
      ['admin', 'admin', '', 'readable'],
      ['alice', 'standard', '', 'readable'],
      ['bob', 'standard', 'ops:leader', 'readable'],
      ['carol', 'standard', 'dev:member,ops:member', 'readable'],
      ['dave', 'standard', 'dev:member', 'readable'],
      ['erin', 'standard', '', 'readable'],
      ['root2', 'admin', '', 'unreadable'],
    ]);
    expect(report.keys.map((key) => [key.user, key.description, key.lastUsed === null ? 'never' : 'used', key.stale])).toEqual([
      ['admin', 'ci', 'used', false],
      ['bob', 'laptop', 'never', true],
      ['carol', 'ci', 'used', false],
      ['carol', 'deploy', 'used', true],
    ]);
    expect(report.keys[1]?.created).toBe(new Date((now - 400 * DAY) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect(report.instanceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(mutatingRequests(world.emulator)).toEqual([]);
    for (const list of [/^\/api\/users$/, /^\/api\/teams$/, /^\/api\/team_memberships$/, /^\/api\/endpoints$/, /^\/api\/endpoint_groups$/, /^\/api\/roles$/]) {
      expect(countWhere(world.emulator, 'GET', list)).toBe(1);
    }
    expect(countWhere(world.emulator, 'GET', /^\/api\/users\/\d+\/tokens$/)).toBe(7);
  });

  it('prints the same bytes twice for an unchanged server, and writes --output instead of stdout', async () => {
    const first = await audit(['--format', 'json']);
    const second = await audit(['--format', 'json', '--output', 'review.json']);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain('review.json');
    expect(readFileSync(join(world.dir, 'review.json'), 'utf8')).toBe(first.stdout);
  });

  it('writes one CSV row per user and environment with access', async () => {
    const result = await audit(['--format', 'csv']);
    expect(result.code).toBe(0);
    const rows = result.stdout.split('\r\n');
    expect(rows[0]).toBe('user,environment,role,via');
    expect(rows.slice(1, -1).map((row) => row.split(','))).toEqual(EXPECTED_CELLS);
    expect(rows.at(-1)).toBe('');
  });

  it('prints a table per environment, and a markdown comment, naming unreadable keys as unreadable', async () => {
    const text = await audit([]);
    expect(text.stdout).toContain('Administrators (every environment): admin, root2');
    expect(text.stdout).toMatch(/Environment stage-1\n {2}USER +ROLE +VIA\n {2}bob +helpdesk +team ops\n/);
    expect(text.stdout).toContain('root2: unreadable');
    const markdown = await audit(['--format', 'markdown']);
    expect(markdown.stdout).toContain('| stage-1 | dave | standard | team dev via group staging |');
    expectNoSecretsIn([text.stdout, text.stderr, markdown.stdout], [PASSWORDS.admin]);
  });

  it('refuses what it cannot do in one sentence, before any request', async () => {
    world.emulator.clearRequests();
    const stale = await audit(['--stale-after', '3 months']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^Error: --stale-after takes a duration like 90d/);
    const bare = await world.cli(['audit'], {});
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(/^Error: audit needs an administrator's credentials/);
    const missing = await audit(['--compare', 'nothing-here.json']);
    expect(missing.stderr).toBe('Error: cannot read nothing-here.json (--compare): no such file\n');
    expect(world.emulator.requests).toEqual([]);
    const notAdmin = await audit([], { PORTAINER_USERNAME: 'alice', PORTAINER_PASSWORD: 'alice-password-0001' });
    expect(notAdmin.code).toBe(1);
    expect(notAdmin.stderr).toMatch(/^Error: user alice is not an administrator/);
  });

  it('leaves out a user deleted between the user list and its key list', async () => {
    world.emulator.injectFault({ method: 'GET', path: '/api/users/7/tokens', status: 404, message: 'Unable to find a user with the specified identifier inside the database' });
    const result = await audit(['--format', 'json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(report.users.map((user) => user.username)).not.toContain('erin');
    expect(cellsOf(report)).toEqual(EXPECTED_CELLS.filter(([user]) => user !== 'erin'));
  });

  // Last: it changes the server.
  it('--compare says nothing changed (exit 0), then names a new grant (exit 2 with --detailed-exitcode)', async () => {
    expect((await audit(['--format', 'json', '--output', 'old.json'])).code).toBe(0);
    const same = await audit(['--compare', 'old.json', '--detailed-exitcode']);
    expect(same.stdout).toBe('No changes since old.json.\n');
    expect(same.code).toBe(0);
    world.emulator.grant({ environment: 'lab' }, { user: 'alice' }, 4);
    world.emulator.addApiKey('dave', { description: 'new-key', dateCreated: now });
    const changed = await audit(['--compare', 'old.json', '--detailed-exitcode', '--output', 'new.json', '--format', 'json']);
    expect(changed.code).toBe(2);
    const comparison = JSON.parse(changed.stdout);
    expect(comparison.access).toEqual([{ user: 'alice', environment: 'lab', before: null, after: { role: 'read-only', via: 'environment' } }]);
    expect(comparison.keys.added).toEqual([expect.objectContaining({ user: 'dave', description: 'new-key' })]);
    expect(cellsOf(JSON.parse(readFileSync(join(world.dir, 'new.json'), 'utf8')))).toContainEqual(['alice', 'lab', 'read-only', 'environment']);
    const text = await audit(['--compare', 'old.json']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('+ alice on lab: read-only (environment)');
    writeFileSync(join(world.dir, 'bad.json'), JSON.stringify({ formatVersion: 1, target: 'x' }));
    const broken = await audit(['--compare', 'bad.json']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^Error: bad\.json is not an audit report \(audit --format json\): instanceId: [^\n]+\n$/);
  });
});

describe('audit of a Community Edition server', () => {
  it('says access for any grant, whatever its RoleId, taking credentials from a manifest', async () => {
    const ce = await startWorld(
      ['version: 1', 'admin:', '  username: admin', '  password: { env: PORTAINER_ADMIN_PASSWORD }', ''].join('\n'),
      {
        seed: {
          users: [{ username: 'admin', password: PASSWORDS.admin, role: 'admin' }, { username: 'alice', password: PASSWORDS.alice }],
          teams: [{ name: 'dev', members: ['alice'] }],
          environmentGroups: [{ name: 'staging', teams: [{ name: 'dev' }] }],
          environments: [{ name: 'local', users: [{ name: 'alice', roleId: 0 }] }, { name: 'stage-1', group: 'staging' }],
        },
      },
    );
    try {
      const result = await ce.cli(['audit', '-f', ce.manifestPath, '--format', 'csv']);
      expect(result.code).toBe(0);
      expect(result.stdout.split('\r\n').filter((row) => row.startsWith('alice'))).toEqual(['alice,local,access,environment', 'alice,stage-1,access,team dev via group staging']);
    } finally {
      await ce.close();
    }
  });
});
