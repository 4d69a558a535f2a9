import type { FleetAudit, FleetAuditEntry } from '../../audit/index.js';
import { renderAuditMarkdown } from '../audit/markdown.js';
import { escapeInline, inlineCode, tableCell } from '../common/markdown-escape.js';
import { printable } from '../common/printable.js';
import { AUDIT_COLUMNS, auditCells, auditHeadline } from './audit-cells.js';
import { assemble, failure, folded, type Section } from './sections.js';
import { auditSummaryLine } from './summary-words.js';

/**
 * `audit --fleet --format markdown`: one issue or pull-request comment for
 * the whole fleet, within GitHub's limit: a table of every target's counts
 * first, then one folded section per target with its review (each given an
 * equal share of the room left, its own tables cut to fit).
 */
export function renderFleetAuditMarkdown(fleet: FleetAudit): string {
  const columns = ['Target', ...AUDIT_COLUMNS.map((column) => column[0]?.toUpperCase() + column.slice(1))];
  const rows = fleet.targets.map(auditCells).map((cells) => {
    const target = `${inlineCode(printable(cells.name))} ${escapeInline(printable(cells.url))}`;
    const counts = cells.failed ? ['**failed**', '-', '-', '-'] : cells.counts.map(escapeInline);
    return `| ${[target, ...counts].map(tableCell).join(' | ')} |`;
  });
  const head = [
    '### Portainer access review of a fleet',
    '',
    `**${escapeInline(auditSummaryLine(fleet.summary))}**`,
    '',
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows,
  ].join('\n');
  return assemble(head, fleet.targets.map(auditSection), { noun: 'review', command: 'audit' });
}

function auditSection(entry: FleetAuditEntry): Section {
  const title = `${printable(entry.name)}: ${auditHeadline(entry)}`;
  return (budget) => folded(title, 'report' in entry ? renderAuditMarkdown(entry.report, budget) : failure(entry.error));
}
