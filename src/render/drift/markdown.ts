import { isoDate } from '../common/dates.js';
import { describeDriftItem } from './item-words.js';
import type { DriftItem, DriftReport, DriftValue, UnmanagedTeam, UnmanagedUser } from '../../drift/types.js';
import type { NotPatched } from '../../patch/types.js';
import type { Problem } from '../../plan/types/problems.js';
import { BLOCKERS_TITLE, HELD_TITLE, UNCHECKED_TITLE, KIND_LABELS, fixingPlanCommand, remedySymbol, UNMANAGED_TEAMS_TITLE, UNMANAGED_TITLE, unmanagedReasonText, verdictLine } from './words.js';
import { escapeHtml, escapeInline, fencedBlock, inlineCode, tableCell } from '../common/markdown-escape.js';
import { printable, quoted } from '../common/printable.js';
import { COMMENT_BUDGET, lengthOf, takeWithin } from '../common/markdown-budget.js';
import { notPatchedReason } from '../patch/words.js';
import { describeProblem } from '../common/problem-words.js';

/** The drift accepted into the manifest: the unified diff (empty when nothing can be) and what it leaves out. */
export interface AcceptedDrift {
  /** The manifest's path, as the patch names it. */
  file: string;
  patch: string;
  notPatched: readonly NotPatched[];
}

/**
 * The drift report as an issue or PR comment: the verdict, a table of
 * differences, each difference's sentence folded away, then what apply will
 * not fix, the patch that accepts the drift into the manifest (folded), the
 * unmanaged users and teams (folded), and problems. Too big for one comment,
 * it leaves the patch out first, then keeps the head and notices and the
 * first rows of each table.
 */
export function renderDriftMarkdown(report: DriftReport, accepted?: AcceptedDrift, budget: number = COMMENT_BUDGET): string {
  const head = renderHead(report);
  const notices = renderNotices(report);
  const driftRows = report.drift.map(driftRow);
  const unmanagedRows = report.unmanaged.map(unmanagedRow);
  const teamRows = report.unmanagedTeams.map(unmanagedTeamRow);
  const sections = (patchSection: string[]) => [
    head,
    driftTable(driftRows),
    renderDetails(report.drift),
    notices,
    patchSection,
    unmanagedSection(unmanagedRows, 0),
    unmanagedTeamsSection(teamRows, 0),
  ];
  const full = joinSections(sections(accepted ? acceptSection(accepted, { patch: true, list: true }) : []));
  if (full.length <= budget) return full;
  const withoutPatch = accepted ? acceptSection(accepted, { patch: false, list: true }) : [];
  const shorter = joinSections(sections(withoutPatch));
  if (shorter.length <= budget) return shorter;

  const room = budget - lengthOf(head) - lengthOf(notices) - 3_000;
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
    accepted ? acceptSection(accepted, { patch: false, list: false }) : [],
    unmanagedSection(keptUnmanaged, unmanagedRows.length - keptUnmanaged.length),
    unmanagedTeamsSection(keptTeams, teamRows.length - keptTeams.length),
  ]);
}

/**
 * The patch folded in a `diff` block (GitHub colours it), or, when it would
 * not fit, a pointer to `drift --format patch`; then what the patch leaves out.
 */
function acceptSection(accepted: AcceptedDrift, shown: { patch: boolean; list: boolean }): string[] {
  if (accepted.patch === '' && accepted.notPatched.length === 0) return [];
  const file = inlineCode(printable(accepted.file));
  const lines = ['#### Accepting the drift into the manifest', ''];
  const lineCount = accepted.patch.split('\n').length - 1;
  if (accepted.patch === '') lines.push(`No difference can be accepted into ${file} by a patch.`);
  else if (!shown.patch) lines.push(`The patch of ${file} (${lineCount} lines) is too large for this comment: run ${inlineCode(`portainer-users drift -f ${printable(accepted.file)} --format patch`)} to see it.`);
  else {
    lines.push(
      `<details><summary>Patch of ${escapeHtml(printable(accepted.file))} (${lineCount} lines): apply it with git apply, or run portainer-users drift --write</summary>`,
      '',
      fencedBlock('diff', accepted.patch.replace(/\n$/, '')),
      '',
      '</details>',
    );
  }
  if (shown.list && accepted.notPatched.length > 0) {
    lines.push('', 'Not in the patch (change the manifest by hand, or let apply revert them):', '');
    lines.push(...accepted.notPatched.map((item) => `- ${inlineCode(printable(item.address))}: ${escapeInline(printable(notPatchedReason(item)))}`));
  }
  return lines;
}

function renderHead(report: DriftReport): string[] {
  const lines = [
    `### Portainer users drift for ${inlineCode(report.target)}`,
    '',
    report.manifests
      ? `**${escapeInline(verdictLine(report))}** Manifests: ${report.manifests.map((file) => inlineCode(file)).join(', ')}.`
      : `**${escapeInline(verdictLine(report))}** Manifest: ${inlineCode(report.manifest)}.`,
  ];
  const command = fixingPlanCommand(report);
  if (command) lines.push('', `Run ${inlineCode(command)} to see the changes that would fix it, or change the manifest to match the server.`);
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
    ...items.map((item) => `- ${inlineCode(printable(item.address))}: ${escapeInline(printable(describeDriftItem(item)))}`),
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
  list(UNCHECKED_TITLE, report.unchecked);
  list('Warnings', report.warnings);
  return sections.flatMap((section, index) => (index === 0 ? section : ['', ...section]));
}

function joinSections(sections: string[][]): string {
  return `${sections.filter((section) => section.length > 0).map((section) => section.join('\n')).join('\n\n')}\n`;
}
