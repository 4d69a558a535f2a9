import type { AuditReport } from '../../audit/index.js';
import { VIA_ADMINISTRATOR } from '../../audit/index.js';
import { summarise, summaryLine } from './summary.js';

/**
 * The data the HTML page builds its matrix from, compact enough for 2,000
 * users by 500 environments in a few megabytes: each distinct (role, via)
 * pair is listed once as a "kind", and each user's row is one string with
 * a fixed-width code per environment (0 for no access). Administrators'
 * rows are empty: they reach every environment.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';

export interface MatrixData {
  target: string;
  instanceId: string | null;
  summary: string;
  environments: string[];
  /** [role, via] of each kind; code n is kind n - 1. */
  kinds: [string, string][];
  /** Characters per code in a row. */
  width: number;
  /** [username, 1 for an administrator else 0, teams as text]. */
  users: [string, 0 | 1, string][];
  rows: string[];
  /** [user, description, created, last used or '', 'stale' | '' | '-' (not evaluated)]. */
  keys: [string, string, string, string, string][];
  unreadable: string[];
}

export function matrixDataOf(report: AuditReport): MatrixData {
  const summary = summarise(report);
  const environments = summary.environments;
  const column = new Map(environments.map((name, index) => [name, index]));
  const kinds: [string, string][] = [];
  const kindIndex = new Map<string, number>();
  const cellsOf = new Map<string, Map<number, number>>();
  for (const cell of report.access) {
    if (cell.via === VIA_ADMINISTRATOR) continue;
    const key = `${cell.role}\u0000${cell.via}`;
    let kind = kindIndex.get(key);
    if (kind === undefined) kindIndex.set(key, (kind = kinds.push([cell.role, cell.via]) - 1));
    const cells = cellsOf.get(cell.user) ?? new Map<number, number>();
    cells.set(column.get(cell.environment) ?? 0, kind + 1);
    cellsOf.set(cell.user, cells);
  }
  const width = codeWidth(kinds.length + 1);
  const none = CODE_ALPHABET[0]!.repeat(width);
  return {
    target: report.target,
    instanceId: report.instanceId,
    summary: summaryLine(summary),
    environments,
    kinds,
    width,
    users: report.users.map((user) => [user.username, user.role === 'admin' ? 1 : 0, user.teams.map((team) => (team.role === 'leader' ? `${team.team} (leader)` : team.team)).join(', ')]),
    rows: report.users.map((user) => {
      if (user.role === 'admin') return '';
      const cells = cellsOf.get(user.username);
      return environments.map((_, index) => (cells?.has(index) ? encode(cells.get(index) as number, width) : none)).join('');
    }),
    keys: report.keys.map((key) => [key.user, key.description, key.created, key.lastUsed ?? '', key.stale === null ? '-' : key.stale ? 'stale' : '']),
    unreadable: summary.unreadable,
  };
}

function codeWidth(codes: number): number {
  let width = 1;
  while (CODE_ALPHABET.length ** width < codes) width += 1;
  return width;
}

function encode(value: number, width: number): string {
  let text = '';
  for (let rest = value, place = 0; place < width; place += 1, rest = Math.floor(rest / CODE_ALPHABET.length)) {
    text = CODE_ALPHABET[rest % CODE_ALPHABET.length] + text;
  }
  return text;
}
