import type { FleetPlans } from '../../fleet/outcome.js';
import { describeProblem } from '../common/problem-words.js';
import { painter } from '../common/paint.js';
import { printable } from '../common/printable.js';
import { cappedLines } from '../common/capped-lines.js';
import { errorsSentence, positionOf, renderPlanText } from '../plan/text.js';
import { planCells } from './cells.js';
import { planSummaryLine } from './summary-words.js';
import { textTable } from './table.js';

/**
 * `plan --fleet` for a person: one section per target in the fleet file's
 * order (its plan as `plan` prints it, or why it has none), then the summary
 * table. The errors are said apart, for stderr (`renderFleetPlanErrors`).
 */
export function renderFleetPlanText(fleet: FleetPlans, options: { color: boolean }): string {
  const lines: string[] = [];
  for (const entry of fleet.targets) {
    lines.push(sectionTitle(entry.name, entry.url), '');
    if ('error' in entry) lines.push(`Failed: ${printable(entry.error)}`, '');
    else {
      lines.push(renderPlanText(entry.plan, { ...options, warningsApart: true }).trimEnd());
      const errors = entry.plan.problems.filter((problem) => problem.severity === 'error').length;
      if (errors > 0) lines.push(errorsSentence(errors));
      lines.push('');
    }
  }
  lines.push(sectionTitle('Summary'), '', `Fleet: ${planSummaryLine(fleet.summary)}`, '', ...textTable(fleet.targets.map(planCells), 'CHANGES'));
  return `${lines.join('\n')}\n`;
}

/**
 * Every warning, failure and plan error of the fleet, one `Warning: TARGET: ...`
 * or `Error: TARGET: ...` line each (the first few of each target's); empty without any.
 */
export function renderFleetPlanErrors(fleet: FleetPlans, options: { color: boolean }): string {
  const paint = painter(options.color);
  const everyIn = 'plan --fleet --format json';
  const lines = fleet.targets.flatMap((entry) => {
    const name = printable(entry.name);
    if ('error' in entry) return [`${paint('error', 'Error:')} ${name}: ${printable(entry.error)}`];
    const said = (severity: 'warning' | 'error') =>
      entry.plan.problems
        .filter((problem) => problem.severity === severity)
        .map((problem) => `${paint(severity, severity === 'error' ? 'Error:' : 'Warning:')} ${name}: ${positionOf(entry.plan, problem)}${printable(problem.address)}: ${printable(describeProblem(problem))}`);
    return [...cappedLines(said('warning'), { one: 'warning', many: 'warnings', everyIn }), ...cappedLines(said('error'), { one: 'error', many: 'errors', everyIn })];
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

export function sectionTitle(name: string, url?: string): string {
  return `=== ${printable(name)}${url ? ` (${printable(url)})` : ''} ===`;
}
