import { printable } from '../common/printable.js';
import type { TargetCells } from './cells.js';

/** The summary table for a terminal: columns padded to their widest cell. */
export function textTable(rows: readonly TargetCells[], changesTitle: string): string[] {
  const cells = [['TARGET', changesTitle, 'ERRORS'], ...rows.map((row) => [printable(row.name), row.changes, row.errors])];
  const widths = [0, 1].map((column) => Math.max(...cells.map((line) => (line[column] ?? '').length)));
  return cells.map(([name, changes, errors]) => `${(name ?? '').padEnd(widths[0] ?? 0)}  ${(changes ?? '').padEnd(widths[1] ?? 0)}  ${errors}`.trimEnd());
}
