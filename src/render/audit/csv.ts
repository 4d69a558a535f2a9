import type { AuditReport, FleetAudit } from '../../audit/index.js';
import { printable } from '../common/printable.js';

/**
 * One row per user and environment with access (RFC 4180: CRLF line ends,
 * a field with a comma, a quote or a line break quoted, quotes doubled).
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
 * return) as a formula, and names come from the server: such a cell gets a
 * leading apostrophe (OWASP's advice), so it is shown, never run.
 */
const HEADER = ['user', 'environment', 'role', 'via'];

export function renderAuditCsv(report: AuditReport, target?: string): string {
  const header = target === undefined ? HEADER : ['target', ...HEADER];
  return [header, ...rowsOf(report, target)].map(csvRow).join('');
}

/** A fleet's review: one header, then every reviewed target's rows, each naming its target (a failed target has none: it is on stderr). */
export function renderFleetAuditCsv(fleet: FleetAudit): string {
  const rows = fleet.targets.flatMap((entry) => ('report' in entry ? rowsOf(entry.report, entry.name) : []));
  return [['target', ...HEADER], ...rows].map(csvRow).join('');
}

function rowsOf(report: AuditReport, target: string | undefined): string[][] {
  return report.access.map((cell) => [...(target === undefined ? [] : [target]), cell.user, cell.environment, cell.role, cell.via]);
}

export function csvRow(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function csvField(value: string): string {
  // Control characters (a hostile server's escape sequences) are shown, not sent to a terminal or a spreadsheet.
  const visible = printable(value);
  const guarded = /^[=+\-@\t\r]/.test(visible) ? `'${visible}` : visible;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}
