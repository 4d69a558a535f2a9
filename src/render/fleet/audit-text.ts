import type { FleetAudit } from '../../audit/index.js';
import { renderAuditText } from '../audit/text.js';
import { alignColumns } from '../common/columns.js';
import { painter } from '../common/paint.js';
import { printable } from '../common/printable.js';
import { AUDIT_COLUMNS, auditCells } from './audit-cells.js';
import { sectionTitle } from './plan-text.js';
import { auditSummaryLine } from './summary-words.js';

/**
 * `audit --fleet` for a person: one section per target in the fleet file's
 * order (its review as `audit` prints it, or why it has none), then the
 * summary table. The failures are said apart, for stderr.
 */
export function renderFleetAuditText(fleet: FleetAudit): string {
  const lines: string[] = [];
  for (const entry of fleet.targets) {
    lines.push(sectionTitle(entry.name, entry.url), '');
    lines.push('error' in entry ? `Failed: ${printable(entry.error)}` : renderAuditText(entry.report).trimEnd(), '');
  }
  const rows = fleet.targets.map(auditCells).map((cells) => [printable(cells.name), ...(cells.failed ? ['failed'] : cells.counts)]);
  lines.push(sectionTitle('Summary'), '', `Fleet: ${auditSummaryLine(fleet.summary)}`, '');
  lines.push(...alignColumns([['TARGET', ...AUDIT_COLUMNS.map((column) => column.toUpperCase())], ...rows], ''));
  return `${lines.join('\n')}\n`;
}

/** Every target that could not be reviewed, one `Error: TARGET: ...` line each; empty without any. */
export function renderFleetAuditErrors(fleet: FleetAudit, options: { color: boolean }): string {
  const paint = painter(options.color);
  const lines = fleet.targets.flatMap((entry) => ('error' in entry ? [`${paint('error', 'Error:')} ${printable(entry.name)}: ${printable(entry.error)}`] : []));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
