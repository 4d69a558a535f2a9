import type { Plan } from '../../plan/types/index.js';

/** `Plan: 2 to add, 1 to change, 1 to replace, 1 to destroy.`, Terraform's closing line. */
export function summaryLine(summary: { create: number; update: number; replace: number; delete: number }): string {
  return `Plan: ${summary.create} to add, ${summary.update} to change, ${summary.replace} to replace, ${summary.delete} to destroy.`;
}

export const NO_CHANGES_LINE = "No changes. Portainer's users match the manifest.";

/**
 * The plan's last line: Terraform's count, or "No changes", which is said
 * only when nothing differs at all; differences held back for safety are
 * named instead, since the server does not match the manifest.
 */
export function closingLine(plan: Pick<Plan, 'changes' | 'summary' | 'held' | 'applyable'>): string {
  if (plan.changes.length > 0 || !plan.applyable) return summaryLine(plan.summary);
  if (plan.held.length === 0) return NO_CHANGES_LINE;
  const count = plan.held.length;
  const shown = plan.held.slice(0, 3).map((held) => held.change.address);
  const more = count > shown.length ? ` and ${count - shown.length} more` : '';
  return `No changes to apply; ${count} ${count === 1 ? 'difference is' : 'differences are'} held back for safety: ${shown.join(', ')}${more} (the warnings say why).`;
}
