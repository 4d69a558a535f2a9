import type { FleetAuditEntry } from '../../audit/index.js';
import { count, summarise } from '../audit/summary.js';

/**
 * One target's row of a fleet review's summary table, in words: its users,
 * administrators, environments and keys (stale ones counted when
 * `--stale-after` was given), or that it failed. The same words in text and
 * markdown.
 */
export interface AuditCells {
  name: string;
  url: string;
  instanceId: string | null;
  /** Users, administrators, environments, API keys; each `-` for a target that failed. */
  counts: [string, string, string, string];
  failed: boolean;
}

export const AUDIT_COLUMNS = ['users', 'administrators', 'environments', 'API keys'] as const;

export function auditCells(entry: FleetAuditEntry): AuditCells {
  const where = { name: entry.name, url: entry.url };
  if (!('report' in entry)) return { ...where, instanceId: null, counts: ['-', '-', '-', '-'], failed: true };
  const summary = summarise(entry.report);
  const keys = `${summary.keys.toLocaleString('en')}${summary.stale === null ? '' : ` (${summary.stale} stale)`}`;
  const counts: AuditCells['counts'] = [summary.users.toLocaleString('en'), summary.administrators.length.toLocaleString('en'), summary.environments.length.toLocaleString('en'), keys];
  return { ...where, instanceId: entry.report.instanceId, counts, failed: false };
}

/** The headline of a target's folded section: its summary line's words, or that it failed. */
export function auditHeadline(entry: FleetAuditEntry): string {
  if (!('report' in entry)) return 'failed';
  const summary = summarise(entry.report);
  return `${count(summary.users, 'user')}, ${count(summary.environments.length, 'environment')}, ${count(summary.keys, 'API key')}`;
}
