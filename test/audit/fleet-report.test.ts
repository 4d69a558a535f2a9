import { describe, expect, it } from 'vitest';
import { AuditReportError, buildReport, compareFleetReports, fleetAuditOf, parseAuditReview, type AuditServer, type FleetAuditEntry } from '../../src/audit/index.js';
import { renderFleetAuditJson } from '../../src/render/fleet/audit-json.js';

const DAY = 86_400;
const NOW = 1_750_000_000;

/** A Community Edition server: an administrator, alice with a key, and `grants` on one environment. */
function server(grants: { id: number; roleId: number }[] = [], keys = [{ description: 'ci', dateCreated: NOW - 200 * DAY, lastUsed: 0 }]): AuditServer {
  return {
    target: 'https://portainer.example',
    instanceId: 'instance-1',
    users: [
      { id: 1, username: 'admin', role: 'admin', keys: [] },
      { id: 2, username: 'alice', role: 'standard', keys },
    ],
    teams: [],
    memberships: [],
    groups: [{ id: 1, name: 'Unassigned', userAccess: [], teamAccess: [] }],
    environments: [{ id: 1, name: 'production', groupId: 1, userAccess: grants, teamAccess: [] }],
    roles: [],
  };
}

const reviewed = (name: string, grants: { id: number; roleId: number }[] = [], staleAfterSeconds?: number): FleetAuditEntry => ({
  name,
  url: `https://${name}.example`,
  report: buildReport(server(grants), { now: NOW, ...(staleAfterSeconds ? { staleAfterSeconds } : {}) }),
});
const failed = (name: string): FleetAuditEntry => ({ name, url: `https://${name}.example`, error: 'connection refused' });

describe("a fleet's review", () => {
  it('keeps the targets in order and sums the reviewed ones; a failed target counts only as failed', () => {
    const fleet = fleetAuditOf([reviewed('eu', [], 90 * DAY), failed('dr'), reviewed('us', [{ id: 2, roleId: 0 }], 90 * DAY)]);
    expect(fleet.targets.map((entry) => entry.name)).toEqual(['eu', 'dr', 'us']);
    expect(fleet.summary).toEqual({ targets: 3, failed: 1, users: 4, administrators: 2, keys: 2, stale: 2 });
    expect(fleetAuditOf([reviewed('eu')]).summary.stale).toBeNull();
  });

  it('is read back from its JSON as the same data, and told apart from the review of one Portainer', () => {
    const fleet = fleetAuditOf([reviewed('eu'), failed('dr')]);
    expect(parseAuditReview(renderFleetAuditJson(fleet), 'old.json')).toEqual({ fleet });
    const one = fleet.targets[0] as { report: unknown };
    expect(parseAuditReview(JSON.stringify(one.report), 'old.json')).toEqual({ report: one.report });
  });

  it('refuses a fleet review whose entries have neither a report nor an error, naming where', () => {
    const broken = JSON.stringify({ formatVersion: 1, targets: [{ name: 'eu', url: 'x' }], summary: { targets: 1, failed: 0, users: 0, administrators: 0, keys: 0, stale: null } });
    expect(() => parseAuditReview(broken, 'old.json')).toThrow(AuditReportError);
    expect(() => parseAuditReview(broken, 'old.json')).toThrow(/targets\[0\]/);
  });
});

describe('comparing two fleet reviews', () => {
  it('compares each target with the one of the same name (case-insensitively), whatever the order', () => {
    const before = fleetAuditOf([reviewed('us'), reviewed('EU')]);
    const after = fleetAuditOf([reviewed('eu', [{ id: 2, roleId: 0 }]), reviewed('us')]);
    const comparison = compareFleetReports(before, after);
    expect(comparison.changed).toBe(true);
    expect(comparison.summary).toEqual({ targets: 2, failed: 0, changed: 1, unchanged: 1, notCompared: 0 });
    const [eu, us] = comparison.targets;
    expect(eu && 'comparison' in eu && eu.comparison.access).toEqual([{ user: 'alice', environment: 'production', before: null, after: { role: 'access', via: 'environment' } }]);
    expect(us && 'comparison' in us && us.comparison.changed).toBe(false);
  });

  it('does not compare a target the old review lacks or could not review, and counts no change for it', () => {
    const before = fleetAuditOf([failed('eu')]);
    const after = fleetAuditOf([reviewed('eu', [{ id: 2, roleId: 0 }]), reviewed('us'), failed('dr')]);
    const comparison = compareFleetReports(before, after);
    expect(comparison.targets.map((entry) => ('notCompared' in entry ? entry.notCompared : 'error' in entry ? 'error' : 'compared'))).toEqual(['failed-in-old', 'not-in-old', 'error']);
    expect(comparison.summary).toEqual({ targets: 3, failed: 1, changed: 0, unchanged: 0, notCompared: 2 });
    expect(comparison.changed).toBe(false);
  });
});
