import type { z } from 'zod';
import { formatPath } from '../manifest/format-path.js';
import { UserFacingError } from '../user-message.js';
import { fleetAuditSchema, type FleetAudit } from './fleet-report.js';
import { auditReportSchema, type AuditReport } from './report-schema.js';

/** An old report that cannot be compared with: said in one sentence naming the file. */
export class AuditReportError extends UserFacingError {}

/** An earlier review: of one Portainer (`audit`), or of a fleet (`audit --fleet`). */
export type AuditReview = { report: AuditReport } | { fleet: FleetAudit };

/** The text of `--compare OLD.json` when it must be the review of one Portainer, checked against the report's schema. */
export function parseAuditReport(text: string, file: string): AuditReport {
  const review = parseAuditReview(text, file);
  if ('fleet' in review) throw new AuditReportError(`${file} is the review of a fleet (audit --fleet); compare it with audit --fleet`);
  return review.report;
}

/** The text of `--compare OLD.json`: a fleet's review when it has `targets`, else one Portainer's. */
export function parseAuditReview(text: string, file: string): AuditReview {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AuditReportError(`${file} is not JSON; --compare takes a report written by audit --format json`);
  }
  if (typeof json === 'object' && json !== null && 'targets' in json) {
    const parsed = fleetAuditSchema.safeParse(json);
    if (!parsed.success) throw new AuditReportError(`${file} is not a fleet's audit report (audit --fleet --format json): ${firstIssue(parsed.error)}`);
    return { fleet: parsed.data };
  }
  const parsed = auditReportSchema.safeParse(json);
  if (!parsed.success) {
    throw new AuditReportError(`${file} is not an audit report (audit --format json): ${firstIssue(parsed.error)}`);
  }
  return { report: parsed.data };
}

/** Where and what, never the value (a report holds nothing secret, but a wrong file might). */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'its shape is wrong';
  const where = issue.path.length === 0 ? 'the document' : formatPath(issue.path.map((part) => (typeof part === 'number' ? part : String(part))));
  return `${where}: ${issue.message}`;
}
