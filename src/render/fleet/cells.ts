import type { FleetDriftEntry, FleetPlanEntry } from '../../fleet/outcome.js';
import { closingLine } from '../plan/closing-line.js';
import { plural } from '../common/plural.js';

/**
 * One target's row of a fleet's summary table, in words: what its plan
 * changes (or its drift), how many errors it has, and the digest a merge job
 * passes to `apply --fleet --target NAME --expect-digest`. The same words in
 * text and markdown.
 */
export interface TargetCells {
  name: string;
  url: string;
  changes: string;
  errors: string;
  /** The plan's changesDigest when the plan has no error (a plan with errors is never applied). */
  digest?: string;
  failed: boolean;
}

export function planCells(entry: FleetPlanEntry): TargetCells {
  const where = { name: entry.name, url: entry.url };
  if (!('plan' in entry)) return { ...where, changes: '-', errors: 'failed', failed: true };
  const { plan } = entry;
  const errors = plan.problems.filter((problem) => problem.severity === 'error').length;
  const changes = plan.changes.length === 0 ? 'no changes' : changeCounts(plan.summary);
  return { ...where, changes, errors: String(errors), ...(plan.applyable ? { digest: plan.changesDigest } : {}), failed: !plan.applyable };
}

export function driftCells(entry: FleetDriftEntry): TargetCells {
  const where = { name: entry.name, url: entry.url };
  if (!('drift' in entry)) return { ...where, changes: '-', errors: 'failed', failed: true };
  const { summary, status } = entry.drift;
  const differences = summary.drift + summary.held;
  const changes = differences === 0 ? 'no drift' : plural(differences, 'difference', 'differences');
  return { ...where, changes, errors: status === 'error' ? `${summary.errors} (incomplete)` : String(summary.errors), failed: status === 'error' };
}

/** `2 to add, 1 to change`: the counts that are not zero, in the closing line's words. */
function changeCounts(summary: { create: number; update: number; replace: number; delete: number }): string {
  const words = [
    [summary.create, 'to add'],
    [summary.update, 'to change'],
    [summary.replace, 'to replace'],
    [summary.delete, 'to destroy'],
  ] as const;
  return words.filter(([count]) => count > 0).map(([count, word]) => `${count} ${word}`).join(', ');
}

/** The headline of a target's section: its changes in the plan's own closing words, or that it failed. */
export function planHeadline(entry: FleetPlanEntry): string {
  if (!('plan' in entry)) return 'failed';
  return entry.plan.applyable ? closingLine(entry.plan) : `${closingLine(entry.plan)} The plan has errors.`;
}
