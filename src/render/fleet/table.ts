import { alignColumns } from '../common/columns.js';
import { printable } from '../common/printable.js';
import type { TargetCells } from './cells.js';

/** The summary table for a terminal: columns padded to their widest cell. */
export function textTable(rows: readonly TargetCells[], changesTitle: string): string[] {
  return alignColumns([['TARGET', changesTitle, 'ERRORS'], ...rows.map((row) => [printable(row.name), row.changes, row.errors])], '');
}
