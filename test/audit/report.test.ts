import { describe, expect, it } from 'vitest';
import { AuditReportError, buildReport, compareReports, parseAuditReport, type AuditServer } from '../../src/audit/index.js';

const DAY = 86_400;
const NOW = 1_750_000_000;

/** Business Edition's 2.45 roles; ids as its GET /roles lists them. */
const ROLES = [
  { id: 1, name: 'Environment administrator', priority: 1 },
  { id: 2, name: 'Helpdesk', priority: 3 },
  { id: 3, name: 'Standard user', priority: 5 },
  { id: 4, name: 'Read-only user', priority: 6 },
  { id: 5, name: 'Operator', priority: 2 },
  { id: 7, name: 'Auditor', priority: 7 },
];

function server(overrides: Partial<AuditServer> = {}): AuditServer {
  return {
    target: 'https://portainer.example:9443',
    instanceId: 'instance-1',
    users: [
      { id: 1, username: 'admin', role: 'admin', keys: [{ description: 'ci', dateCreated: NOW - 10 * DAY, lastUsed: NOW - DAY }] },
      { id: 2, username: 'Bob', role: 'standard', keys: [{ description: 'old', dateCreated: NOW - 400 * DAY, lastUsed: NOW - 120 * DAY }, { description: 'never', dateCreated: NOW - 5 * DAY, lastUsed: 0 }] },
      { id: 3, username: 'alice', role: 'standard', keys: [] },
      { id: 4, username: 'root2', role: 'admin', keys: 'unreadable' },
    ],
    teams: [{ id: 10, name: 'ops' }, { id: 11, name: 'dev' }],
    memberships: [
      { id: 1, userId: 2, teamId: 10, role: 'leader' },
      { id: 2, userId: 3, teamId: 11, role: 'member' },
      { id: 3, userId: 2, teamId: 11, role: 'member' },
    ],
    groups: [{ id: 1, name: 'Unassigned', userAccess: [], teamAccess: [] }, { id: 2, name: 'staging', userAccess: [{ id: 3, roleId: 4 }], teamAccess: [{ id: 11, roleId: 3 }] }],
    environments: [
      { id: 1, name: 'production', groupId: 1, userAccess: [{ id: 2, roleId: 7 }], teamAccess: [{ id: 11, roleId: 2 }] },
      { id: 2, name: 'stage-1', groupId: 2, userAccess: [], teamAccess: [{ id: 10, roleId: 0 }] },
      { id: 3, name: 'lab', groupId: 1, userAccess: [{ id: 3, roleId: 999 }], teamAccess: [] },
    ],
    roles: ROLES,
    ...overrides,
  };
}

describe('the report', () => {
  it('holds every cell: administrators everywhere, everyone else as resolved, roles as a manifest writes them, sorted', () => {
    const report = buildReport(server(), { now: NOW });
    expect(report.access.map((cell) => [cell.user, cell.environment, cell.role, cell.via])).toEqual([
      ['admin', 'lab', 'administrator', 'administrator'],
      ['admin', 'production', 'administrator', 'administrator'],
      ['admin', 'stage-1', 'administrator', 'administrator'],
      ['alice', 'production', 'helpdesk', 'team dev'],
      ['alice', 'stage-1', 'read-only', 'group staging'],
      ['Bob', 'production', 'Auditor', 'environment'],
      // ops' grant on stage-1 has RoleId 0: nothing; dev's on the group gives standard.
      ['Bob', 'stage-1', 'standard', 'team dev via group staging'],
      ['root2', 'lab', 'administrator', 'administrator'],
      ['root2', 'production', 'administrator', 'administrator'],
      ['root2', 'stage-1', 'administrator', 'administrator'],
    ]);
    expect(report.users.map((user) => [user.username, user.role, user.teams, user.keys])).toEqual([
      ['admin', 'admin', [], 'readable'],
      ['alice', 'standard', [{ team: 'dev', role: 'member' }], 'readable'],
      ['Bob', 'standard', [{ team: 'dev', role: 'member' }, { team: 'ops', role: 'leader' }], 'readable'],
      ['root2', 'admin', [], 'unreadable'],
    ]);
  });

  it('says access on Community Edition, where any grant is access', () => {
    const report = buildReport(server({ roles: [] }), { now: NOW });
    expect(report.access.filter((cell) => cell.via !== 'administrator').map((cell) => [cell.user, cell.environment, cell.role, cell.via])).toEqual([
      ['alice', 'lab', 'access', 'environment'],
      ['alice', 'production', 'access', 'team dev'],
      ['alice', 'stage-1', 'access', 'group staging'],
      ['Bob', 'production', 'access', 'environment'],
      ['Bob', 'stage-1', 'access', 'team ops'],
    ]);
  });

  it('dates keys in UTC, lastUsed null when never used; stale only when asked, counting back from now', () => {
    const plain = buildReport(server(), { now: NOW });
    expect(plain.keys).toEqual([
      { user: 'admin', description: 'ci', created: '2025-06-05T15:06:40Z', lastUsed: '2025-06-14T15:06:40Z', stale: null },
      { user: 'Bob', description: 'never', created: '2025-06-10T15:06:40Z', lastUsed: null, stale: null },
      { user: 'Bob', description: 'old', created: '2024-05-11T15:06:40Z', lastUsed: '2025-02-15T15:06:40Z', stale: null },
    ]);
    const stale = buildReport(server(), { now: NOW, staleAfterSeconds: 90 * DAY });
    expect(stale.keys.map((key) => [key.description, key.stale])).toEqual([['ci', false], ['never', true], ['old', true]]);
    expect(buildReport(server(), { now: NOW, staleAfterSeconds: 120 * DAY }).keys.map((key) => key.stale)).toEqual([false, true, true]);
    expect(buildReport(server(), { now: NOW, staleAfterSeconds: 121 * DAY }).keys.map((key) => key.stale)).toEqual([false, true, false]);
  });

  it('is the same whatever order the server listed things in', () => {
    const shuffled = server();
    const reversed = { ...shuffled, users: [...shuffled.users].reverse(), environments: [...shuffled.environments].reverse(), memberships: [...shuffled.memberships].reverse() };
    expect(JSON.stringify(buildReport(reversed, { now: NOW }))).toBe(JSON.stringify(buildReport(shuffled, { now: NOW })));
  });
});

describe('comparing two reports', () => {
  it('lists access gained, lost and changed, administrators added and removed, keys added and removed', () => {
    const before = buildReport(server(), { now: NOW });
    const changed = server();
    const after = buildReport(
      {
        ...changed,
        users: [
          ...changed.users.filter((user) => user.id !== 4 && user.id !== 2),
          { id: 2, username: 'Bob', role: 'standard', keys: [{ description: 'new', dateCreated: NOW, lastUsed: 0 }, { description: 'never', dateCreated: NOW - 5 * DAY, lastUsed: 0 }] },
          { id: 5, username: 'carol', role: 'admin', keys: [] },
        ],
        environments: changed.environments.map((environment) => (environment.id === 3 ? { ...environment, userAccess: [{ id: 3, roleId: 5 }] } : environment.id === 1 ? { ...environment, userAccess: [{ id: 2, roleId: 4 }], teamAccess: [] } : environment)),
      },
      { now: NOW },
    );
    const comparison = compareReports(before, after);
    expect(comparison.access).toEqual([
      { user: 'alice', environment: 'lab', before: null, after: { role: 'operator', via: 'environment' } },
      { user: 'alice', environment: 'production', before: { role: 'helpdesk', via: 'team dev' }, after: null },
      { user: 'Bob', environment: 'production', before: { role: 'Auditor', via: 'environment' }, after: { role: 'read-only', via: 'environment' } },
    ]);
    expect(comparison.administrators).toEqual({ added: ['carol'], removed: ['root2'] });
    expect(comparison.keys).toEqual({
      added: [{ user: 'Bob', description: 'new', created: '2025-06-15T15:06:40Z' }],
      removed: [{ user: 'Bob', description: 'old', created: '2024-05-11T15:06:40Z' }],
    });
    expect(comparison.changed).toBe(true);
  });

  it('finds nothing between two reports of an unchanged server', () => {
    const report = buildReport(server(), { now: NOW, staleAfterSeconds: DAY });
    const comparison = compareReports(report, buildReport(server(), { now: NOW + 100 * DAY, staleAfterSeconds: DAY }));
    expect(comparison.changed).toBe(false);
    expect(comparison.access).toEqual([]);
  });

  it('reads an old report through its schema: anything else is one sentence naming the file and the place', () => {
    const report = buildReport(server(), { now: NOW });
    expect(parseAuditReport(JSON.stringify(report), 'old.json')).toEqual(report);
    const reason = (text: string) => {
      try {
        parseAuditReport(text, 'old.json');
      } catch (error) {
        expect(error).toBeInstanceOf(AuditReportError);
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(reason('{ nope')).toMatch(/^old\.json is not JSON/);
    expect(reason(JSON.stringify({ ...report, access: [{ user: 'a', environment: 'b', role: 'c' }] }))).toMatch(/^old\.json is not an audit report \(audit --format json\): access\[0\]\.via: /);
    expect(reason(JSON.stringify({ ...report, formatVersion: 2 }))).toMatch(/formatVersion/);
  });
});
