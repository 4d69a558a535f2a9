import type { DriftItem, DriftReport } from '../../drift/types.js';
import { BLOCKERS_TITLE, HELD_TITLE, UNCHECKED_TITLE, nextStepLine, remedySymbol, UNMANAGED_TEAMS_TITLE, UNMANAGED_TITLE, unmanagedReasonText, verdictLine } from './words.js';
import { describeProblem } from '../common/problem-words.js';
import { ACTIONS } from '../common/actions.js';
import { describeDriftItem } from './item-words.js';
import { painter, type Paint } from '../common/paint.js';
import { printable } from '../common/printable.js';
import { cappedLines } from '../common/capped-lines.js';
import { plural } from '../common/plural.js';

/**
 * The drift report for a person at a terminal: one line per difference,
 * then what apply will not fix, the unmanaged users and teams, problems, and
 * the verdict. With `errorsApart` (as the CLI prints it) the errors are left
 * to `renderDriftProblems`, for stderr.
 */
export function renderDriftText(report: DriftReport, options: { color: boolean; errorsApart?: boolean }): string {
  const paint = painter(options.color);
  const lines = [`Drift report for ${printable(report.target)} from ${printable((report.manifests ?? [report.manifest]).join(' + '))}`, ''];
  section(lines, 'Drift', report.drift.map((item) => driftLine(item, paint)));
  section(lines, HELD_TITLE, report.held.map((held) => `  ${paint('warning', '!')} ${printable(held.address)}: ${printable(describeProblem(held))}`));
  section(
    lines,
    UNMANAGED_TITLE,
    report.unmanaged.map((user) => `  ${printable(user.username)} (${user.role}, Id ${user.id}): ${printable(unmanagedReasonText(user.reason, 'prune.users'))}`),
  );
  section(
    lines,
    UNMANAGED_TEAMS_TITLE,
    report.unmanagedTeams.map((team) => `  ${printable(team.name)} (${plural(team.members, 'member', 'members')}, Id ${team.id}): ${printable(unmanagedReasonText(team.reason, 'prune.teams'))}`),
  );
  section(lines, BLOCKERS_TITLE, report.applyBlockers.map((error) => `  ${printable(error.address)}: ${printable(describeProblem(error))}`));
  section(lines, UNCHECKED_TITLE, report.unchecked.map((problem) => `  ${printable(problem.address)}: ${printable(describeProblem(problem))}`));
  const errors = options.errorsApart ? [] : report.errors;
  for (const error of errors) lines.push(`${paint('error', 'Error:')} ${printable(error.address)}: ${printable(describeProblem(error))}`);
  if (errors.length > 0) lines.push('');
  lines.push(verdictLine(report));
  const next = nextStepLine(report);
  if (next) lines.push(printable(next));
  return `${lines.join('\n')}\n`;
}

/**
 * The report's warnings and the errors that stopped the check, one
 * `Warning:` or `Error:` line each (the first few), for stderr in every
 * format; `target` names a fleet's target. Empty when there are none.
 */
export function renderDriftProblems(report: DriftReport, options: { color: boolean; target?: string }): string {
  const paint = painter(options.color);
  const prefix = options.target === undefined ? '' : `${printable(options.target)}: `;
  const line = (tone: 'warning' | 'error', problem: DriftReport['errors'][number]) =>
    `${paint(tone, tone === 'error' ? 'Error:' : 'Warning:')} ${prefix}${printable(problem.address)}: ${printable(describeProblem(problem))}`;
  const everyIn = 'drift --format json';
  const lines = [
    ...cappedLines(report.warnings.map((warning) => line('warning', warning)), { one: 'warning', many: 'warnings', everyIn }),
    ...cappedLines(report.errors.map((error) => line('error', error)), { one: 'error', many: 'errors', everyIn }),
  ];
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function driftLine(item: DriftItem, paint: Paint): string {
  const { symbol, tone } = ACTIONS[item.remedy];
  return `${paint(tone, symbol.padStart(3))} ${printable(item.address)}: ${printable(describeDriftItem(item))}`;
}


function section(lines: string[], title: string, body: string[]): void {
  if (body.length === 0) return;
  lines.push(`${title} (${body.length}):`, ...body, '');
}
