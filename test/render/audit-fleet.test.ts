import { describe, expect, it } from 'vitest';
import { fleetAuditOf, type AuditReport, type FleetAuditEntry } from '../../src/audit/index.js';
import { renderFleetAuditCsv, renderFleetAuditHtml } from '../../src/render/fleet/audit.js';
import { renderFleetAuditMarkdown } from '../../src/render/fleet/audit-markdown.js';
import { CODE_ALPHABET, fleetMatrixDataOf } from '../../src/render/audit/html-matrix.js';

function report(access: AuditReport['access'], admins: string[] = [], keys: AuditReport['keys'] = []): AuditReport {
  const names = [...new Set([...admins, ...access.map((cell) => cell.user)])];
  return {
    formatVersion: 1,
    target: 'https://portainer.example',
    instanceId: null,
    users: names.map((username) => ({ username, role: admins.includes(username) ? 'admin' : 'standard', teams: [], keys: 'readable' })),
    access,
    keys,
  };
}

const cell = (user: string, environment: string, role = 'access', via = 'environment') => ({ user, environment, role, via });
const admin = (user: string, environment: string) => cell(user, environment, 'administrator', 'administrator');
const entry = (name: string, value: AuditReport | string): FleetAuditEntry =>
  typeof value === 'string' ? { name, url: `https://${name}.example`, error: value } : { name, url: `https://${name}.example`, report: value };

describe("a fleet review's CSV", () => {
  it("has one header and every reviewed target's rows, each naming its target", () => {
    const fleet = fleetAuditOf([entry('eu', report([cell('alice', 'prod')])), entry('dr', 'connection refused'), entry('us', report([cell('bob', 'lab', 'operator')]))]);
    expect(renderFleetAuditCsv(fleet).split('\r\n')).toEqual(['target,user,environment,role,via', 'eu,alice,prod,access,environment', 'us,bob,lab,operator,environment', '']);
  });
});

describe("a fleet review's matrix (HTML)", () => {
  const fleet = fleetAuditOf([
    entry('eu', report([admin('root', 'prod'), cell('Alice', 'prod')], ['root'], [{ user: 'Alice', description: 'ci', created: '2025-01-01T00:00:00Z', lastUsed: null, stale: null }])),
    entry('dr', 'connection refused'),
    entry('us', report([admin('root', 'lab'), admin('root', 'prod'), cell('alice', 'lab', 'operator', 'team ops')], ['root'])),
  ]);
  const data = fleetMatrixDataOf(fleet);
  const kindAt = (user: string, column: number) => {
    const row = data.rows[data.users.findIndex((candidate) => candidate[0] === user)] ?? '';
    const code = row.slice(column * data.width, (column + 1) * data.width);
    const n = [...code].reduce((value, digit) => value * CODE_ALPHABET.length + CODE_ALPHABET.indexOf(digit), 0);
    return n === 0 ? undefined : data.kinds[n - 1];
  };

  it("has a column per environment of each reviewed target, named with its target, and one row per user (folded as Portainer folds names)", () => {
    expect(data.environments).toEqual(['prod', 'lab', 'prod']);
    expect(data.columnTargets?.map((index) => data.targets?.[index])).toEqual(['eu', 'us', 'us']);
    expect(data.users.map((user) => user[0])).toEqual(['Alice', 'root']);
  });

  it("draws an administrator's cells on the targets it administers, like any other cell", () => {
    expect([0, 1, 2].map((column) => kindAt('root', column))).toEqual([['administrator', 'administrator'], ['administrator', 'administrator'], ['administrator', 'administrator']]);
    expect([0, 1, 2].map((column) => kindAt('Alice', column))).toEqual([['access', 'environment'], ['operator', 'team ops'], undefined]);
    expect(data.users.every((user) => user[1] === 0)).toBe(true);
  });

  it('names each key with its target, and the page has a target filter and a row for the failed target', () => {
    expect(data.keys).toEqual([['Alice', 'ci', '2025-01-01T00:00:00Z', '', '-', 'eu']]);
    const html = renderFleetAuditHtml(fleet);
    expect(html).toContain('id="filter-targets"');
    expect(html).toContain('<tr class="failed"><td>dr</td><td>https://dr.example</td><td></td><td>Failed: connection refused</td></tr>');
  });
});

describe("a fleet review's markdown", () => {
  it("stays one comment within GitHub's limit with 30 large targets, the table of every target first", () => {
    const big = report(Array.from({ length: 600 }, (_, index) => cell(`user-${String(index).padStart(4, '0')}`, 'production', 'standard', 'team developers via group production')));
    const names = Array.from({ length: 30 }, (_, index) => `site-${String(index).padStart(2, '0')}`);
    const markdown = renderFleetAuditMarkdown(fleetAuditOf(names.map((name) => entry(name, big))));
    expect(markdown.length).toBeLessThan(65_536);
    for (const name of names) expect(markdown).toContain(`| \`${name}\` https://${name}.example | 600 | 0 | 1 | 0 |`);
    expect(markdown.split('<details>').length - 1).toBe(30);
  });
});
