import type { AccessCell, AuditReport } from '../../audit/index.js';
import { VIA_ADMINISTRATOR } from '../../audit/index.js';
import { compareFolded } from '../../plan/match.js';

/** The counts every format opens with, and the cells grouped per environment. Computed from the report, never read from text. */
export interface AuditSummary {
  users: number;
  administrators: string[];
  environments: string[];
  /** Cells of users who are not administrators, per environment, in the report's order. */
  grantedBy: Map<string, AccessCell[]>;
  keys: number;
  /** Null when `--stale-after` was not given. */
  stale: number | null;
  unreadable: string[];
}

export function summarise(report: AuditReport): AuditSummary {
  const environments = new Set<string>();
  const grantedBy = new Map<string, AccessCell[]>();
  for (const cell of report.access) {
    environments.add(cell.environment);
    if (cell.via === VIA_ADMINISTRATOR) continue;
    const cells = grantedBy.get(cell.environment) ?? [];
    cells.push(cell);
    grantedBy.set(cell.environment, cells);
  }
  const evaluated = report.keys.some((key) => key.stale !== null);
  return {
    users: report.users.length,
    administrators: report.users.filter((user) => user.role === 'admin').map((user) => user.username),
    environments: [...environments].sort(compareFolded),
    grantedBy,
    keys: report.keys.length,
    stale: evaluated ? report.keys.filter((key) => key.stale === true).length : null,
    unreadable: report.users.filter((user) => user.keys === 'unreadable').map((user) => user.username),
  };
}

/** "12 users (2 administrators), 5 environments, 14 API keys (3 stale), keys of 1 user unreadable". */
export function summaryLine(summary: AuditSummary): string {
  const parts = [
    `${count(summary.users, 'user')} (${count(summary.administrators.length, 'administrator')})`,
    count(summary.environments.length, 'environment'),
    `${count(summary.keys, 'API key')}${summary.stale === null ? '' : ` (${summary.stale} stale)`}`,
  ];
  if (summary.unreadable.length > 0) parts.push(`the keys of ${count(summary.unreadable.length, 'administrator')} unreadable`);
  return `${parts.join(', ')}.`;
}

export function count(n: number, noun: string): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
}
