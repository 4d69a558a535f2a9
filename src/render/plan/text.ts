import type { Plan } from '../../plan/types/index.js';
import { renderChangeBlock } from './change-block.js';
import { closingLine } from './closing-line.js';
import { painter } from '../common/paint.js';
import { printable } from '../common/printable.js';
import { describeProblem, warningLine } from '../common/problem-words.js';
import { cappedLines } from '../common/capped-lines.js';

/**
 * The plan for a person at a terminal, like Terraform's: a header, one block
 * per change in apply order, warnings, and the closing count. Its errors are
 * said apart (`renderPlanErrors`), for stderr; so are its warnings with
 * `warningsApart` (`renderPlanWarnings`), as the CLI prints them.
 */
export function renderPlanText(plan: Plan, options: { color: boolean; warningsApart?: boolean }): string {
  const paint = painter(options.color);
  const lines = [`Plan for ${printable(plan.target)} from ${printable((plan.manifests ?? [plan.manifest]).join(' + '))}`];
  // The id a fleet file pins (instanceId), so that no manifest is ever applied to another Portainer.
  if (plan.instanceId !== undefined) lines.push(`Instance: ${printable(plan.instanceId)}`);
  lines.push('');
  for (const change of plan.changes) lines.push(...renderChangeBlock(change, paint), '');
  const warnings = options.warningsApart ? [] : plan.problems.filter((problem) => problem.severity === 'warning');
  for (const warning of warnings) lines.push(`${paint('warning', 'Warning:')} ${printable(warningLine(warning))}`);
  if (warnings.length > 0) lines.push('');
  lines.push(closingLine(plan));
  if (plan.changes.length > 0) lines.push(`Changes digest: ${plan.changesDigest}`);
  return `${lines.join('\n')}\n`;
}

/** The plan's errors, one `Error: address: sentence` line each (the first few: see capped-lines.ts), and what they mean; empty without errors. */
export function renderPlanErrors(plan: Plan, options: { color: boolean }): string {
  const paint = painter(options.color);
  const errors = plan.problems.filter((problem) => problem.severity === 'error');
  if (errors.length === 0) return '';
  const lines = errors.map((error) => `${paint('error', 'Error:')} ${positionOf(plan, error)}${printable(error.address)}: ${printable(describeProblem(error))}`);
  return `${[...cappedLines(lines, { one: 'error', many: 'errors', everyIn: 'plan --json' }), errorsSentence(errors.length)].join('\n')}\n`;
}

/** The plan's warnings, one `Warning: address: sentence` line each (the first few), for stderr, said where in the manifest as errors are; empty without warnings. */
export function renderPlanWarnings(plan: Plan, options: { color: boolean }): string {
  const paint = painter(options.color);
  const lines = plan.problems.filter((problem) => problem.severity === 'warning').map((warning) => `${paint('warning', 'Warning:')} ${positionOf(plan, warning)}${printable(warningLine(warning))}`);
  return lines.length === 0 ? '' : `${cappedLines(lines, { one: 'warning', many: 'warnings', everyIn: 'plan --json' }).join('\n')}\n`;
}

/** `users.yaml:12:9: ` for a problem that knows where in the manifest it sits. */
export function positionOf(plan: Plan, problem: Plan['problems'][number]): string {
  if (!('position' in problem) || !problem.position) return '';
  return `${printable(problem.position.file ?? plan.manifest)}:${problem.position.line}:${problem.position.col}: `;
}

/** With errors the count below is what the plan would do, not what apply will do: nothing. */
export function errorsSentence(count: number): string {
  return `The plan has ${count} ${count === 1 ? 'error' : 'errors'}; nothing will be applied until ${count === 1 ? 'it is' : 'they are'} fixed.`;
}
