import { z } from 'zod';

/**
 * The access review as data: design.md's `audit --format json`, and the
 * input of `--compare OLD.json`, which is read through this schema (an old
 * report from a newer tool may carry more fields: they are ignored).
 * Lists are sorted (users by name, access by user then environment, keys by
 * user then description) and nothing in it depends on the moment of the run
 * but `stale`, computed only when `--stale-after` asks for it.
 */
const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'expected a UTC date like 2025-01-31T12:00:00Z');

export const auditUserSchema = z.object({
  username: z.string(),
  role: z.enum(['admin', 'standard']),
  teams: z.array(z.object({ team: z.string(), role: z.enum(['leader', 'member']) })),
  /** An addition to design.md's shape: an administrator's keys are shown to it alone, so they may be unreadable, which is not "none". */
  keys: z.enum(['readable', 'unreadable']),
});
export type AuditUser = z.infer<typeof auditUserSchema>;

export const accessCellSchema = z.object({
  user: z.string(),
  environment: z.string(),
  /** As a manifest writes it (`operator`, another role's name), `access` on Community Edition, `administrator` for administrators. */
  role: z.string(),
  /** `environment`, `group <name>`, `team <name>`, `team <name> via group <name>` or `administrator`. */
  via: z.string(),
});
export type AccessCell = z.infer<typeof accessCellSchema>;

export const auditKeySchema = z.object({
  user: z.string(),
  description: z.string(),
  created: iso,
  lastUsed: iso.nullable(),
  /** Null when no `--stale-after` was given. */
  stale: z.boolean().nullable(),
});
export type AuditKey = z.infer<typeof auditKeySchema>;

export const auditReportSchema = z.object({
  formatVersion: z.literal(1),
  target: z.string(),
  instanceId: z.string().nullable(),
  users: z.array(auditUserSchema),
  access: z.array(accessCellSchema),
  keys: z.array(auditKeySchema),
});
export type AuditReport = z.infer<typeof auditReportSchema>;
