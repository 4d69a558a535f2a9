import type { AuditReport, FleetAudit } from '../../audit/index.js';
import { VIA_ADMINISTRATOR } from '../../audit/index.js';
import { compareFolded, foldUsername } from '../../plan/match.js';
import { count, summarise, summaryLine } from './summary.js';

/**
 * The data the HTML page builds its matrix from, compact enough for 2,000
 * users by 500 environments in a few megabytes: each distinct (role, via)
 * pair is listed once as a "kind", and each user's row is one string with
 * a fixed-width code per environment (0 for no access). Administrators'
 * rows are empty: they reach every environment.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';

export interface MatrixData {
  summary: string;
  environments: string[];
  /** A fleet's review: the targets, and each column's target (an index into `targets`). */
  targets?: string[];
  columnTargets?: number[];
  /** [role, via] of each kind; code n is kind n - 1. */
  kinds: [string, string][];
  /** Characters per code in a row. */
  width: number;
  /** [username, 1 for an administrator (of every column) else 0, teams as text]. */
  users: [string, 0 | 1, string][];
  rows: string[];
  /** [user, description, created, last used or '', 'stale' | '' | '-' (not evaluated), and in a fleet the target]. */
  keys: string[][];
  unreadable: string[];
}

/** A cell of access at a row (user) and a column (environment). */
interface PlacedCell {
  row: number;
  column: number;
  role: string;
  via: string;
}

export function matrixDataOf(report: AuditReport): MatrixData & { target: string; instanceId: string | null } {
  const summary = summarise(report);
  const column = new Map(summary.environments.map((name, index) => [name, index]));
  const row = new Map(report.users.map((user, index) => [user.username, index]));
  const users = report.users.map((user): MatrixData['users'][number] => [user.username, user.role === 'admin' ? 1 : 0, teamsText(user.teams)]);
  const cells = report.access
    .filter((cell) => cell.via !== VIA_ADMINISTRATOR)
    .map((cell) => ({ row: row.get(cell.user) ?? 0, column: column.get(cell.environment) ?? 0, role: cell.role, via: cell.via }));
  return {
    target: report.target,
    instanceId: report.instanceId,
    summary: summaryLine(summary),
    environments: summary.environments,
    ...encodeMatrix(users, summary.environments.length, cells),
    users,
    keys: keyRows(report),
    unreadable: summary.unreadable,
  };
}

/**
 * A fleet's review as one matrix: a row per username (folded as Portainer
 * folds it, across targets), a column per environment of each reviewed
 * target, named with its target. Whether a user is an administrator is a
 * fact of one target, so administrators' cells are drawn like the others.
 */
export function fleetMatrixDataOf(fleet: FleetAudit): MatrixData {
  const reviewed = fleet.targets.flatMap((entry) => ('report' in entry ? [{ name: entry.name, report: entry.report, targetSummary: summarise(entry.report) }] : []));
  const names = new Map<string, string>();
  for (const { report } of reviewed) for (const user of report.users) if (!names.has(foldUsername(user.username))) names.set(foldUsername(user.username), user.username);
  const usernames = [...names.values()].sort(compareFolded);
  const row = new Map(usernames.map((username, index) => [foldUsername(username), index]));
  const teams = usernames.map(() => [] as string[]);
  const environments: string[] = [];
  const columnTargets: number[] = [];
  const cells: PlacedCell[] = [];
  reviewed.forEach(({ name, report, targetSummary }, target) => {
    const first = environments.length;
    const own = targetSummary.environments;
    const column = new Map(own.map((environment, index) => [environment, first + index]));
    environments.push(...own);
    columnTargets.push(...own.map(() => target));
    for (const user of report.users) if (user.teams.length > 0) teams[row.get(foldUsername(user.username)) ?? 0]?.push(`${name}: ${teamsText(user.teams)}`);
    for (const cell of report.access) cells.push({ row: row.get(foldUsername(cell.user)) ?? 0, column: column.get(cell.environment) ?? 0, role: cell.role, via: cell.via });
  });
  const users = usernames.map((username, index): MatrixData['users'][number] => [username, 0, teams[index]?.join('; ') ?? '']);
  const { summary } = fleet;
  const stale = summary.stale === null ? '' : ` (${summary.stale} stale)`;
  return {
    summary: `${count(reviewed.length, 'target')} reviewed${summary.failed > 0 ? `, ${summary.failed} failed` : ''}: ${count(summary.users, 'user')} (${count(summary.administrators, 'administrator')}), ${count(environments.length, 'environment')}, ${count(summary.keys, 'API key')}${stale}.`,
    environments,
    targets: reviewed.map(({ name }) => name),
    columnTargets,
    ...encodeMatrix(users, environments.length, cells),
    users,
    keys: reviewed.flatMap(({ name, report }) => keyRows(report).map((key) => [...key, name])),
    unreadable: reviewed.flatMap(({ name, targetSummary }) => targetSummary.unreadable.map((username) => `${username} (${name})`)),
  };
}

function teamsText(teams: AuditReport['users'][number]['teams']): string {
  return teams.map((team) => (team.role === 'leader' ? `${team.team} (leader)` : team.team)).join(', ');
}

function keyRows(report: AuditReport): string[][] {
  return report.keys.map((key) => [key.user, key.description, key.created, key.lastUsed ?? '', key.stale === null ? '-' : key.stale ? 'stale' : '']);
}

/** Each distinct (role, via) becomes a kind; each row a string of fixed-width codes, empty for an administrator's. */
function encodeMatrix(users: MatrixData['users'], columns: number, cells: readonly PlacedCell[]): Pick<MatrixData, 'kinds' | 'width' | 'rows'> {
  const kinds: [string, string][] = [];
  const kindIndex = new Map<string, number>();
  const codesOf = new Map<number, Map<number, number>>();
  for (const cell of cells) {
    const key = `${cell.role}\u0000${cell.via}`;
    let kind = kindIndex.get(key);
    if (kind === undefined) kindIndex.set(key, (kind = kinds.push([cell.role, cell.via]) - 1));
    const codes = codesOf.get(cell.row) ?? new Map<number, number>();
    codes.set(cell.column, kind + 1);
    codesOf.set(cell.row, codes);
  }
  const width = codeWidth(kinds.length + 1);
  const none = CODE_ALPHABET[0]!.repeat(width);
  const rows = users.map((user, index) => {
    if (user[1] === 1) return '';
    const codes = codesOf.get(index);
    let row = '';
    for (let column = 0; column < columns; column += 1) row += codes?.has(column) ? encode(codes.get(column) as number, width) : none;
    return row;
  });
  return { kinds, width, rows };
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
