import { COMMENT_BUDGET, lengthOf, takeWithin } from '../common/markdown-budget.js';


export interface MarkdownTable {
  title: string;
  columns: readonly string[];
  rows: readonly string[];
  /** Said instead of a table when there are no rows. */
  empty?: string;
}

/**
 * A head, then each table in turn with as many of its rows as still fit
 * under `budget`; a table that lost rows says how many, and where to see
 * them all. The head is always kept.
 */
export function fitTables(head: readonly string[], tables: readonly MarkdownTable[], whole: string, budget = COMMENT_BUDGET): string {
  const notes = 300; // each table's omission note and its blank lines
  let room = budget - lengthOf(head) - notes * tables.length;
  const sections: string[][] = [[...head]];
  for (const table of tables) {
    const top = [`#### ${table.title}`, ''];
    if (table.rows.length === 0) {
      if (table.empty) sections.push([...top, table.empty]);
      continue;
    }
    const tableHead = [`| ${table.columns.join(' | ')} |`, `| ${table.columns.map(() => '---').join(' | ')} |`];
    room -= lengthOf(top) + lengthOf(tableHead);
    const rows = takeWithin(table.rows, Math.max(room, 0));
    room -= lengthOf(rows);
    const omitted = table.rows.length - rows.length;
    const note = omitted > 0 ? ['', `_${omitted.toLocaleString('en')} more ${omitted === 1 ? 'row was' : 'rows were'} left out to keep this comment under GitHub's 65,536-character limit; ${whole}._`] : [];
    sections.push([...top, ...(rows.length > 0 ? [...tableHead, ...rows] : []), ...note]);
  }
  return `${sections.map((section) => section.join('\n')).join('\n\n')}\n`;
}

export function markdownRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}
