import type { FleetDrift, FleetDriftEntry, FleetPlanEntry, FleetPlans } from '../../fleet/outcome.js';
import { renderDriftMarkdown } from '../drift/markdown.js';
import { escapeInline, inlineCode, tableCell } from '../common/markdown-escape.js';
import { renderPlanMarkdown } from '../plan/markdown.js';
import { printable } from '../common/printable.js';
import { driftCells, planCells, planHeadline, type TargetCells } from './cells.js';
import { assemble, failure, folded, type Section, type SectionWords } from './sections.js';
import { driftSummaryLine, planSummaryLine } from './summary-words.js';

const PLAN_WORDS: SectionWords = { noun: 'plan', command: 'plan' };
const DRIFT_WORDS: SectionWords = { noun: 'drift', command: 'drift' };

/**
 * `plan --fleet --format markdown`: one pull-request comment for the whole
 * fleet, within GitHub's 65,536-character limit: the summary table first
 * (every target's changes, errors and changes digest, so a merge job can
 * `apply --fleet F --target NAME --expect-digest`), then one folded section
 * per target with its plan, each given an equal share of what is left. Past
 * the limit the last sections are left out, and the comment says so.
 */
export function renderFleetPlanMarkdown(fleet: FleetPlans): string {
  const table = summaryTable(fleet.targets.map(planCells), 'Changes', true);
  return assemble(headOf('plan', planSummaryLine(fleet.summary), table), fleet.targets.map(planSection), PLAN_WORDS);
}

/** `drift --fleet --format markdown`: the same comment for a fleet's drift. */
export function renderFleetDriftMarkdown(fleet: FleetDrift): string {
  const table = summaryTable(fleet.targets.map(driftCells), 'Drift', false);
  return assemble(headOf('drift', driftSummaryLine(fleet.summary), table), fleet.targets.map(driftSection), DRIFT_WORDS);
}

function headOf(what: 'plan' | 'drift', summary: string, table: string[]): string {
  return [`### Portainer users fleet ${what}`, '', `**${escapeInline(summary)}**`, '', ...table].join('\n');
}

function summaryTable(rows: TargetCells[], changesTitle: string, digests: boolean): string[] {
  const head = digests ? `| Target | ${changesTitle} | Errors | Changes digest |` : `| Target | ${changesTitle} | Errors |`;
  const rule = digests ? '| --- | --- | --- | --- |' : '| --- | --- | --- |';
  return [
    head,
    rule,
    ...rows.map((row) => {
      const cells = [`${inlineCode(printable(row.name))} ${escapeInline(printable(row.url))}`, escapeInline(row.changes), row.failed ? `**${escapeInline(row.errors)}**` : escapeInline(row.errors)];
      if (digests) cells.push(row.digest ? inlineCode(row.digest) : '-');
      return `| ${cells.map(tableCell).join(' | ')} |`;
    }),
  ];
}

function planSection(entry: FleetPlanEntry): Section {
  const title = `${printable(entry.name)}: ${planHeadline(entry)}`;
  return (budget) => folded(title, 'plan' in entry ? renderPlanMarkdown(entry.plan, budget) : failure(entry.error));
}

function driftSection(entry: FleetDriftEntry): Section {
  const cells = driftCells(entry);
  const title = `${printable(entry.name)}: ${!('drift' in entry) ? 'failed' : cells.failed ? 'incomplete' : cells.changes}`;
  return (budget) => folded(title, 'drift' in entry ? renderDriftMarkdown(entry.drift, undefined, budget) : failure(entry.error));
}
