import { z } from 'zod';
import { auditReportSchema, type AuditReport } from './report-schema.js';

/**
 * The access review of a fleet (`audit --fleet F --format json`), shaped as
 * the fleet plan is: `{ formatVersion, targets: [{ name, url, report | error }],
 * summary }`, one entry per selected target in the fleet file's order. Each
 * `report` is the very object `audit --format json` prints for that target,
 * so one target's review can be taken out of a fleet's and compared alone.
 * `error` is the sentence that says why the target has no review. It is the
 * input of `audit --fleet --compare OLD.json` too, read through this schema.
 */
const whereSchema = z.object({ name: z.string(), url: z.string() });

export const fleetAuditEntrySchema = z.union([whereSchema.extend({ report: auditReportSchema }), whereSchema.extend({ error: z.string() })]);
export type FleetAuditEntry = z.infer<typeof fleetAuditEntrySchema>;

export const fleetAuditSummarySchema = z.object({
  targets: z.number(),
  /** Targets with no review: unreachable, refused credentials, not an administrator's, another instance. */
  failed: z.number(),
  /** Totals over the reviewed targets. */
  users: z.number(),
  administrators: z.number(),
  keys: z.number(),
  /** Null when no `--stale-after` was given. */
  stale: z.number().nullable(),
});
export type FleetAuditSummary = z.infer<typeof fleetAuditSummarySchema>;

export const fleetAuditSchema = z.object({
  formatVersion: z.literal(1),
  targets: z.array(fleetAuditEntrySchema),
  summary: fleetAuditSummarySchema,
});
export type FleetAudit = z.infer<typeof fleetAuditSchema>;

export function fleetAuditOf(targets: FleetAuditEntry[]): FleetAudit {
  const summary: FleetAuditSummary = { targets: targets.length, failed: 0, users: 0, administrators: 0, keys: 0, stale: null };
  for (const entry of targets) {
    if (!('report' in entry)) {
      summary.failed += 1;
      continue;
    }
    const { report } = entry;
    summary.users += report.users.length;
    summary.administrators += report.users.filter((user) => user.role === 'admin').length;
    summary.keys += report.keys.length;
    const stale = staleCount(report);
    if (stale !== null) summary.stale = (summary.stale ?? 0) + stale;
  }
  return { formatVersion: 1, targets, summary };
}

/** Keys marked stale; null when staleness was not evaluated (no `--stale-after`). */
function staleCount(report: AuditReport): number | null {
  if (!report.keys.some((key) => key.stale !== null)) return null;
  return report.keys.filter((key) => key.stale === true).length;
}
