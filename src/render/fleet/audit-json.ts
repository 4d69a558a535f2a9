import type { FleetAudit, FleetAuditComparison } from '../../audit/index.js';
import { terminalSafeJson } from '../common/printable.js';

/**
 * `audit --fleet --format json`: `{ formatVersion, targets: [{ name, url,
 * report | error }], summary }`, each report the very object `audit --format
 * json` prints for that target; the input of `audit --fleet --compare`.
 */
export function renderFleetAuditJson(fleet: FleetAudit): string {
  return terminalSafeJson({
    formatVersion: fleet.formatVersion,
    targets: fleet.targets.map((entry) => ({ name: entry.name, url: entry.url, ...('report' in entry ? { report: entry.report } : { error: entry.error }) })),
    summary: fleet.summary,
  });
}

/** `audit --fleet --compare OLD.json --format json`: each target's comparison (as `audit --compare` prints it), its error, or why it was not compared. */
export function renderFleetComparisonJson(comparison: FleetAuditComparison): string {
  return terminalSafeJson(comparison);
}
