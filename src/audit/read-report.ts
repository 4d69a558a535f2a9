import type { z } from 'zod';
import { formatPath } from '../manifest/format-path.js';
import { UserFacingError } from '../user-message.js';
import { auditReportSchema, type AuditReport } from './report-schema.js';

/** An old report that cannot be compared with: said in one sentence naming the file. */
export class AuditReportError extends UserFacingError {}

/** The text of `--compare OLD.json`, checked against the report's schema. */
export function parseAuditReport(text: string, file: string): AuditReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AuditReportError(`${file} is not JSON; --compare takes a report written by audit --format json`);
  }
  const parsed = auditReportSchema.safeParse(json);
  if (!parsed.success) {
    throw new AuditReportError(`${file} is not an audit report (audit --format json): ${firstIssue(parsed.error)}`);
  }
  return parsed.data;
}

/** Where and what, never the value (a report holds nothing secret, but a wrong file might). */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'its shape is wrong';
  const where = issue.path.length === 0 ? 'the document' : formatPath(issue.path.map((part) => (typeof part === 'number' ? part : String(part))));
  return `${where}: ${issue.message}`;
}
