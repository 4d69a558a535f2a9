import type { Change, Plan } from '../../plan/types/index.js';
import { closingLine } from './closing-line.js';
import { describeChange, type ChangeField } from './describe-change.js';
import { escapeHtml, escapeInline, fencedBlock, inlineCode, tableCell } from '../common/markdown-escape.js';
import { renderDiffBlock } from './diff-block.js';
import { printable, quoted } from '../common/printable.js';
import { errorsSentence } from './text.js';
import { COMMENT_BUDGET, lengthOf, takeWithin } from '../common/markdown-budget.js';
import { describeProblem, warningLine } from '../common/problem-words.js';

const TABLE_HEAD = ['| Action | Address | Details |', '| --- | --- | --- |'];

/**
 * The plan as a pull-request comment: a summary line, a table of changes,
 * every change's details folded away, then warnings and errors. A plan too
 * big for one comment keeps the summary, the errors and warnings, and the
 * first rows of the table, and says how many rows were left out.
 */
export function renderPlanMarkdown(plan: Plan, budget: number = COMMENT_BUDGET): string {
  const head = renderHead(plan);
  const rows = plan.changes.map(tableRow);
  const notices = renderNotices(plan);
  const full = joinSections([head, table(rows), renderDetails(plan.changes), notices]);
  if (full.length <= budget) return full;
  return renderShortened(head, rows, notices, budget);
}

function renderShortened(head: string[], rows: string[], notices: string[], budget: number): string {
  const reserve = 1_000; // the table head, the omission notes and the blank lines between sections
  const room = budget - lengthOf(head) - reserve;
  const keptNotices = takeWithin(notices, Math.floor(room / 2));
  const keptRows = takeWithin(rows, room - lengthOf(keptNotices));
  const omitted = rows.length - keptRows.length;
  const what = omitted === 0 ? "The changes' details were" : `${omitted} more ${omitted === 1 ? 'change was' : 'changes were'}`;
  const note = `_${what} left out to keep this comment under GitHub's 65,536-character limit. Run \`portainer-users plan\` to see the whole plan._`;
  const noticesLeft = notices.length - keptNotices.length;
  const noticeNote = noticesLeft > 0 ? [`_${noticesLeft} more warning or error lines were left out._`] : [];
  return joinSections([head, table(keptRows), [note], [...keptNotices, ...noticeNote]]);
}

function renderHead(plan: Plan): string[] {
  const errors = plan.problems.filter((problem) => problem.severity === 'error').length;
  const lines = [
    `### Portainer users plan for ${inlineCode(plan.target)}`,
    '',
    plan.manifests
      ? `**${escapeInline(closingLine(plan))}** Manifests: ${plan.manifests.map((file) => inlineCode(file)).join(', ')}.`
      : `**${escapeInline(closingLine(plan))}** Manifest: ${inlineCode(plan.manifest)}.`,
  ];
  if (plan.instanceId !== undefined) lines.push('', `Instance: ${inlineCode(plan.instanceId)}`);
  // The digest a merge job passes to `apply --expect-digest`, so it applies exactly what was reviewed here (no changes too).
  lines.push('', `Changes digest: ${inlineCode(plan.changesDigest)}`);
  if (errors > 0) lines.push('', `**${escapeInline(errorsSentence(errors))}**`);
  return lines;
}

function table(rows: string[]): string[] {
  return rows.length === 0 ? [] : [...TABLE_HEAD, ...rows];
}

function tableRow(change: Change): string {
  const { symbol, fields } = describeChange(change);
  const details = fields.map(fieldSummary).join('; ');
  return `| ${symbol} ${change.action} | ${tableCell(inlineCode(printable(change.address)))} | ${tableCell(details)} |`;
}

function fieldSummary(field: ChangeField): string {
  if ('note' in field) return `${field.name}: ${escapeInline(printable(field.note))}`;
  if ('value' in field) return `${field.name}: ${inlineCode(quoted(field.value))}`;
  return `${field.name}: ${inlineCode(quoted(field.before))} → ${inlineCode(quoted(field.after))}`;
}

/** Every change's fields in one folded `diff` block, so GitHub colours what is added and removed. */
function renderDetails(changes: readonly Change[]): string[] {
  if (changes.length === 0) return [];
  const body = changes.map((change) => renderDiffBlock(change).join('\n')).join('\n\n');
  const count = `${changes.length} ${changes.length === 1 ? 'change' : 'changes'}`;
  return [`<details><summary>Details of ${escapeHtml(count)}</summary>`, '', fencedBlock('diff', body), '', '</details>'];
}

function renderNotices(plan: Plan): string[] {
  const lines: string[] = [];
  const warnings = plan.problems.filter((problem) => problem.severity === 'warning');
  const errors = plan.problems.filter((problem) => problem.severity === 'error');
  if (warnings.length > 0) {
    lines.push('#### Warnings', '', ...warnings.map((warning) => `- ${escapeInline(printable(warningLine(warning)))}`));
  }
  if (errors.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push('#### Errors', '', ...errors.map((error) => `- ${inlineCode(printable(error.address))}: ${escapeInline(printable(describeProblem(error)))}`));
  }
  return lines;
}

function joinSections(sections: string[][]): string {
  return `${sections.filter((section) => section.length > 0).map((section) => section.join('\n')).join('\n\n')}\n`;
}
