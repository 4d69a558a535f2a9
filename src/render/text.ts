import type { Plan } from '../plan/types.js';
import { renderChangeBlock } from './change-block.js';
import { NO_CHANGES_LINE, summaryLine } from './change-fields.js';
import { painter } from './paint.js';
import { printable } from './printable.js';

/**
 * The plan for a person at a terminal, like Terraform's: a header, one block
 * per change in apply order, warnings, errors, and the closing count.
 */
export function renderPlanText(plan: Plan, options: { color: boolean }): string {
  const paint = painter(options.color);
  const lines = [`Plan for ${printable(plan.target)} from ${printable(plan.manifest)}`, ''];
  for (const change of plan.changes) lines.push(...renderChangeBlock(change, paint), '');
  for (const warning of plan.warnings) lines.push(`${paint('warning', 'Warning:')} ${printable(warning)}`);
  if (plan.warnings.length > 0) lines.push('');
  for (const error of plan.errors) lines.push(`${paint('error', 'Error:')} ${printable(error.address)}: ${printable(error.message)}`);
  if (plan.errors.length > 0) lines.push(errorsSentence(plan.errors.length), '');
  lines.push(plan.changes.length === 0 && plan.errors.length === 0 ? NO_CHANGES_LINE : summaryLine(plan.summary));
  return `${lines.join('\n')}\n`;
}

/** With errors the count below is what the plan would do, not what apply will do: nothing. */
export function errorsSentence(count: number): string {
  return `The plan has ${count} ${count === 1 ? 'error' : 'errors'}; nothing will be applied until ${count === 1 ? 'it is' : 'they are'} fixed.`;
}
