import type { AuditComparison, AuditReport } from '../../audit/index.js';
import { terminalSafeJson } from '../printable.js';

/** design.md's report, as built: sorted, with nothing of the moment of the run, so two reviews of an unchanged server are the same bytes. */
export function renderAuditJson(report: AuditReport): string {
  return terminalSafeJson(report);
}

export function renderComparisonJson(comparison: AuditComparison): string {
  return terminalSafeJson(comparison);
}
