import { compareReports, type AuditComparison, type AuditReport } from '../../audit/index.js';
import { refuseUnwritable } from '../../files/write-atomic.js';
import { prepareAudit, readAuditReportFile } from '../../session/audit.js';
import { deliverReview, refuseDetailedWithoutCompare, staleAfterOf, type AuditFormat, type AuditOptions } from '../audit-options.js';
import { refuseFleetOptions } from '../fleet-flags.js';
import type { GlobalOptions } from '../global-options.js';
import { targetOf, UsageError } from '../target.js';

/**
 * `audit`: who can reach what on the server, and how, as it is now; with
 * `--compare OLD.json`, what changed since that review. It reads and changes
 * nothing. The review goes to stdout, or to `--output`; with `--compare`
 * stdout gets the changes (text, or markdown or JSON when that is the
 * format) and `--output` keeps the new review for the next comparison.
 * `--fleet F` reviews every target of a fleet file (`audit-fleet.ts`).
 */
export async function run(options: AuditOptions, globals: GlobalOptions): Promise<number> {
  const staleAfterSeconds = staleAfterOf(options.staleAfter);
  refuseDetailedWithoutCompare(options);
  if (options.fleet !== undefined) return (await import('./audit-fleet.js')).runAuditFleet(options, globals, staleAfterSeconds);
  refuseFleetOptions(options, 'audit');
  refuseWithoutCredentials(options, globals);
  if (options.output) await refuseUnwritable(options.output, 'the review');
  const old = options.compare === undefined ? undefined : await readAuditReportFile(options.compare);
  const renderers = import('../../render/audit/index.js');
  const report = await prepareAudit(targetOf(globals), {
    ...(options.file !== undefined ? { manifest: options.file } : {}),
    now: Math.floor(Date.now() / 1000),
    ...(staleAfterSeconds !== undefined ? { staleAfterSeconds } : {}),
  });
  const render = await renderers;
  const comparison = old === undefined ? undefined : compareReports(old, report);
  const changes = comparison && renderComparison(comparison, options.compare as string, options.format, render);
  await deliverReview(renderReport(report, options.format, render), changes, options.output, `${report.users.length} users`);
  return options.detailedExitcode && comparison?.changed ? 2 : 0;
}

function refuseWithoutCredentials(options: AuditOptions, globals: GlobalOptions): void {
  if (options.file === undefined && !globals.apiKey && !globals.username && !globals.password) {
    throw new UsageError(
      "audit needs an administrator's credentials: give --api-key (PORTAINER_API_KEY), or --username and --password, or -f with a manifest whose admin block has a password",
      'audit',
    );
  }
}

type Renderers = typeof import('../../render/audit/index.js');

function renderReport(report: AuditReport, format: AuditFormat, render: Renderers): string {
  switch (format) {
    case 'json':
      return render.renderAuditJson(report);
    case 'markdown':
      return render.renderAuditMarkdown(report);
    case 'csv':
      return render.renderAuditCsv(report);
    case 'html':
      return render.renderAuditHtml(report);
    case 'text':
      return render.renderAuditText(report);
  }
}

/** A comparison has no table or page of its own: CSV and HTML runs print it as text. */
function renderComparison(comparison: AuditComparison, oldFile: string, format: AuditFormat, render: Renderers): string {
  if (format === 'json') return render.renderComparisonJson(comparison);
  if (format === 'markdown') return render.renderComparisonMarkdown(comparison, oldFile);
  return render.renderComparisonText(comparison, oldFile);
}
