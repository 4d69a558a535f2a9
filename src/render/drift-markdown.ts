import { isoDate } from '../drift/drift-items.js';
import type { DriftItem, DriftReport, DriftValue, UnmanagedTeam, UnmanagedUser } from '../drift/types.js';
import type { Problem } from '../plan/problems.js';
import { BLOCKERS_TITLE, HELD_TITLE, KIND_LABELS, nextStepLine, remedySymbol, UNMANAGED_TEAMS_TITLE, UNMANAGED_TITLE, unmanagedReasonText, verdictLine } from './drift-words.js';
import { escapeHtml, escapeInline, inlineCode, tableCell } from './markdown-escape.js';
import { printable, quoted } from './printable.js';
import { lengthOf, takeWithin } from './markdown-budget.js';
import { describeProblem } from './problem-words.js';

/** GitHub refuses comments of 65,536 characters or more; the plan's markdown stops at the same budget. */
const BUDGET = 60_000;

/**
 * The drift report as an issue or PR comment: the verdict, a table of
 * differences, each difference's sentence folded away, then what apply will
 * not fix, the unmanaged users and teams (folded), and problems. Too big for one
 * comment, it keeps the head and notices and the first rows of each table.
 */
export function renderDriftMarkdown(report: DriftReport): string {
  const head = renderHead(report);
  const notices = renderNotices(report);
  const driftRows = report.drift.map(driftRow);
  const unmanagedRows = report.unmanaged.map(unmanagedRow);
  const teamRows = report.unmanagedTeams.map(unmanagedTeamRow);
  const full = joinSections([
    head,
    driftTable(driftRows),
    renderDetails(report.drift),
    notices,
    unmanagedSection(unmanagedRows, 0),
    unmanagedTeamsSection(teamRows, 0),
  ]);
  if (full.length <= BUDGET) return full;

  const room = BUDGET - lengthOf(head) - lengthOf(notices) - 3_000;
  const keptDrift = takeWithin(driftRows, Math.floor(room * 0.7));
  const keptUnmanaged = takeWithin(unmanagedRows, Math.floor((room - lengthOf(keptDrift)) * 0.7));
  const keptTeams = takeWithin(teamRows, room - lengthOf(keptDrift) - lengthOf(keptUnmanaged));
  const leftOut = driftRows.length - keptDrift.length;
  const note = `_${leftOut > 0 ? `${leftOut} more ${leftOut === 1 ? 'difference was' : 'differences were'}` : 'The details were'} left out to keep this comment under GitHub's 65,536-character limit. Run \`portainer-users drift\` to see the whole report._`;
  return joinSections([
    head,
    driftTable(keptDrift),
    [note],
    notices,
    unmanagedSection(keptUnmanaged, unmanagedRows.length - keptUnmanaged.length),
    unmanagedTeamsSection(keptTeams, teamRows.length - keptTeams.length),
  ]);
}

function renderHead(report: DriftReport): string[] {
  const lines = [
    `### Portainer users drift for ${inlineCode(report.target)}`,
    '',
    `**${escapeInline(verdictLine(report))}** Manifest: ${inlineCode(report.manifest)}.`,
  ];
  const next = nextStepLine(report);
  if (next) lines.push('', `Run ${inlineCode(`portainer-users plan -f ${printable(report.manifest)}`)} to see the changes that would fix it, or change the manifest to match the server.`);
  return lines;
}

function driftTable(rows: string[]): string[] {
  return rows.length === 0 ? [] : ['| Drift | Address | On the server | In the manifest |', '| --- | --- | --- | --- |', ...rows];
}

function driftRow(item: DriftItem): string {
  const drift = `${remedySymbol(item)} ${KIND_LABELS[item.kind]}`;
  return `| ${drift} | ${tableCell(inlineCode(printable(item.address)))} | ${tableCell(valueCell(item.actual))} | ${tableCell(valueCell(item.expected))} |`;
}

function valueCell(value: DriftValue | null): string {
  if (value === null) return '—';
  const parts: string[] = [];
  if (value.name !== undefined) parts.push(`team ${inlineCode(quoted(value.name))}`);
  if (value.members !== undefined) parts.push(`${value.members} ${value.members === 1 ? 'membership' : 'memberships'}`);
  if (value.username !== undefined) parts.push(`username ${inlineCode(quoted(value.username))}`);
  if (value.role !== undefined) parts.push(`role ${inlineCode(value.role)}`);
  if (value.description !== undefined) parts.push(`key ${inlineCode(quoted(value.description))}`);
  if (value.dateCreated !== undefined) parts.push(`created ${escapeInline(isoDate(value.dateCreated))}`);
  if (value.rotateAfter !== undefined) parts.push(`rotateAfter ${inlineCode(value.rotateAfter)}`);
  return parts.join(', ');
}

function renderDetails(items: readonly DriftItem[]): string[] {
  if (items.length === 0) return [];
  const count = `${items.length} ${items.length === 1 ? 'difference' : 'differences'}`;
  return [
    `<details><summary>Details of ${escapeHtml(count)}</summary>`,
    '',
    ...items.map((item) => `- ${inlineCode(printable(item.address))}: ${escapeInline(printable(item.message))}`),
    '',
    '</details>',
  ];
}

function unmanagedRow(user: UnmanagedUser): string {
  return `| ${tableCell(inlineCode(printable(user.username)))} | ${user.role} | ${user.id} | ${tableCell(escapeInline(printable(unmanagedReasonText(user.reason, 'prune.users'))))} |`;
}

function unmanagedTeamRow(team: UnmanagedTeam): string {
  return `| ${tableCell(inlineCode(printable(team.name)))} | ${team.members} | ${team.id} | ${tableCell(escapeInline(printable(unmanagedReasonText(team.reason, 'prune.teams'))))} |`;
}

/** Folded: a manifest with prune off may leave many users alone on purpose. */
function unmanagedSection(rows: string[], leftOut: number): string[] {
  return foldedTable(UNMANAGED_TITLE, ['user', 'users'], '| User | Role | Id | Why apply leaves it alone |', rows, leftOut);
}

function unmanagedTeamsSection(rows: string[], leftOut: number): string[] {
  return foldedTable(UNMANAGED_TEAMS_TITLE, ['team', 'teams'], '| Team | Members | Id | Why apply leaves it alone |', rows, leftOut);
}

function foldedTable(title: string, [one, many]: [string, string], tableHead: string, rows: string[], leftOut: number): string[] {
  if (rows.length === 0 && leftOut === 0) return [];
  const total = rows.length + leftOut;
  return [
    `#### ${escapeInline(title)} (${total})`,
    '',
    `<details><summary>${total} ${total === 1 ? one : many} (not drift)</summary>`,
    '',
    tableHead,
    '| --- | --- | --- | --- |',
    ...rows,
    ...(leftOut > 0 ? ['', `_${leftOut} more left out to keep this comment under GitHub's limit._`] : []),
    '',
    '</details>',
  ];
}

function renderNotices(report: DriftReport): string[] {
  const sections: string[][] = [];
  const list = (title: string, entries: Problem[]) => {
    if (entries.length === 0) return;
    sections.push([`#### ${escapeInline(title)}`, '', ...entries.map((entry) => `- ${inlineCode(printable(entry.address))}: ${escapeInline(printable(describeProblem(entry)))}`)]);
  };
  list(HELD_TITLE, report.held);
  list('Errors (the check could not be completed)', report.errors);
  list(BLOCKERS_TITLE, report.applyBlockers);
  return sections.flatMap((section, index) => (index === 0 ? section : ['', ...section]));
}

function joinSections(sections: string[][]): string {
  return `${sections.filter((section) => section.length > 0).map((section) => section.join('\n')).join('\n\n')}\n`;
}
