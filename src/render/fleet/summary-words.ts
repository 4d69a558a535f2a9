import type { FleetAuditSummary } from '../../audit/fleet-report.js';
import type { FleetDriftSummary, FleetPlanSummary } from '../../fleet/outcome.js';
import { plural } from '../common/plural.js';

/** `3 targets: 1 failed, 1 with changes, 1 without changes.` */
export function planSummaryLine(summary: FleetPlanSummary): string {
  const unchanged = summary.targets - summary.failed - summary.withChanges;
  const parts = [
    ...(summary.failed > 0 ? [`${summary.failed} failed`] : []),
    `${summary.withChanges} with changes`,
    ...(unchanged > 0 ? [`${unchanged} without changes`] : []),
  ];
  return `${plural(summary.targets, 'target', 'targets')}: ${parts.join(', ')}.`;
}

/** `3 targets: 1 failed, 1 drifted, 1 in sync.` */
export function driftSummaryLine(summary: FleetDriftSummary): string {
  const parts = [...(summary.failed > 0 ? [`${summary.failed} failed`] : []), `${summary.drifted} drifted`, `${summary.inSync} in sync`];
  return `${plural(summary.targets, 'target', 'targets')}: ${parts.join(', ')}.`;
}

/** `3 targets: 1 failed, 2 reviewed.` */
export function auditSummaryLine(summary: FleetAuditSummary): string {
  const reviewed = summary.targets - summary.failed;
  return `${plural(summary.targets, 'target', 'targets')}: ${[...(summary.failed > 0 ? [`${summary.failed} failed`] : []), `${reviewed} reviewed`].join(', ')}.`;
}
