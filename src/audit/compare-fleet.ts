import { foldUsername } from '../plan/match.js';
import { compareReports, type AuditComparison } from './compare-reports.js';
import type { FleetAudit } from './fleet-report.js';

/**
 * What changed on each target of a fleet since an earlier fleet review
 * (`audit --fleet F --compare OLD.json`): each target of the new review is
 * compared with the target of the same name in the old one (names compared
 * as the fleet file compares them, case-insensitively). A target without a
 * review now failed; one the old review has no review of (not in it, or it
 * failed then) is not compared, and is no change: a first review says what
 * there is, not what changed. Data only.
 */
export type NotCompared = 'not-in-old' | 'failed-in-old';

export type FleetComparisonEntry = { name: string; url: string } & ({ comparison: AuditComparison } | { error: string } | { notCompared: NotCompared });

export interface FleetComparisonSummary {
  targets: number;
  /** Targets with no review now. */
  failed: number;
  /** Targets compared, with at least one change. */
  changed: number;
  /** Targets compared, with none. */
  unchanged: number;
  notCompared: number;
}

export interface FleetAuditComparison {
  formatVersion: 1;
  targets: FleetComparisonEntry[];
  summary: FleetComparisonSummary;
  /** Anything changed on any target. */
  changed: boolean;
}

export function compareFleetReports(before: FleetAudit, after: FleetAudit): FleetAuditComparison {
  const old = new Map(before.targets.map((entry) => [foldUsername(entry.name), entry]));
  const summary: FleetComparisonSummary = { targets: after.targets.length, failed: 0, changed: 0, unchanged: 0, notCompared: 0 };
  const targets = after.targets.map((entry): FleetComparisonEntry => {
    const where = { name: entry.name, url: entry.url };
    if (!('report' in entry)) {
      summary.failed += 1;
      return { ...where, error: entry.error };
    }
    const was = old.get(foldUsername(entry.name));
    if (!was || !('report' in was)) {
      summary.notCompared += 1;
      return { ...where, notCompared: was ? 'failed-in-old' : 'not-in-old' };
    }
    const comparison = compareReports(was.report, entry.report);
    if (comparison.changed) summary.changed += 1;
    else summary.unchanged += 1;
    return { ...where, comparison };
  });
  return { formatVersion: 1, targets, summary, changed: summary.changed > 0 };
}
