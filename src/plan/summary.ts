import type { Change, PlanSummary } from './types/index.js';

/** Counts for the closing line: admin init and key creates count as creates; key deletes as deletes. */
export function summarize(changes: readonly Change[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const change of changes) summary[change.action] += 1;
  return summary;
}
