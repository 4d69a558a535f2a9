import type { FleetAuditComparison, FleetComparisonEntry, FleetComparisonSummary, NotCompared } from '../../audit/index.js';
import { renderComparisonMarkdown } from '../audit/comparison-markdown.js';
import { renderComparisonText } from '../audit/comparison-text.js';
import { changeCount } from '../audit/comparison-words.js';
import { escapeInline, inlineCode, tableCell } from '../common/markdown-escape.js';
import { printable } from '../common/printable.js';
import { sectionTitle } from './plan-text.js';
import { assemble, failure, folded, type Section } from './sections.js';
import { plural } from '../common/plural.js';

/**
 * What changed on each target since an earlier fleet review: a section per
 * target (its changes as `audit --compare` says them, why it failed, or why
 * it was not compared), then the fleet's verdict.
 */
export function renderFleetComparisonText(fleet: FleetAuditComparison, oldFile: string): string {
  const lines: string[] = [];
  for (const entry of fleet.targets) lines.push(sectionTitle(entry.name, entry.url), '', entryText(entry, oldFile).trimEnd(), '');
  lines.push(`Fleet: ${comparisonSummaryLine(fleet.summary)}`);
  return `${lines.join('\n')}\n`;
}

function entryText(entry: FleetComparisonEntry, oldFile: string): string {
  if ('comparison' in entry) return renderComparisonText(entry.comparison, oldFile);
  if ('error' in entry) return `Failed: ${printable(entry.error)}`;
  return `Not compared: ${notComparedWords(entry.notCompared, entry.name, oldFile, printable)}`;
}

/** The same as one comment: a table of every target's verdict, then a folded section per target. */
export function renderFleetComparisonMarkdown(fleet: FleetAuditComparison, oldFile: string): string {
  const name = (text: string) => escapeInline(printable(text));
  const rows = fleet.targets.map((entry) => `| ${[`${inlineCode(printable(entry.name))} ${name(entry.url)}`, verdictCell(entry)].map(tableCell).join(' | ')} |`);
  const head = [
    `### Portainer access review of a fleet: changes since ${inlineCode(printable(oldFile))}`,
    '',
    `**${escapeInline(comparisonSummaryLine(fleet.summary))}**`,
    '',
    '| Target | Changes |',
    '| --- | --- |',
    ...rows,
  ].join('\n');
  return assemble(head, fleet.targets.map((entry) => comparisonSection(entry, oldFile, name)), { noun: 'changes', command: 'audit --compare' });
}

function comparisonSection(entry: FleetComparisonEntry, oldFile: string, name: (text: string) => string): Section {
  const title = `${printable(entry.name)}: ${verdictCell(entry)}`;
  if ('comparison' in entry) return (budget) => folded(title, renderComparisonMarkdown(entry.comparison, oldFile, budget));
  const body = 'error' in entry ? failure(entry.error) : `${notComparedWords(entry.notCompared, entry.name, oldFile, name)}\n`;
  return () => folded(title, body);
}

function verdictCell(entry: FleetComparisonEntry): string {
  if ('error' in entry) return 'failed';
  if ('notCompared' in entry) return 'not compared';
  const n = changeCount(entry.comparison);
  return n === 0 ? 'no changes' : plural(n, 'change', 'changes');
}

function notComparedWords(why: NotCompared, target: string, oldFile: string, escape: (text: string) => string): string {
  return why === 'not-in-old' ? `${escape(oldFile)} has no review of ${escape(target)}.` : `${escape(target)} could not be reviewed when ${escape(oldFile)} was written.`;
}

/** `3 targets: 1 failed, 1 changed, 1 unchanged, 1 not compared.` */
export function comparisonSummaryLine(summary: FleetComparisonSummary): string {
  const parts = [
    ...(summary.failed > 0 ? [`${summary.failed} failed`] : []),
    `${summary.changed} changed`,
    `${summary.unchanged} unchanged`,
    ...(summary.notCompared > 0 ? [`${summary.notCompared} not compared`] : []),
  ];
  return `${plural(summary.targets, 'target', 'targets')}: ${parts.join(', ')}.`;
}
