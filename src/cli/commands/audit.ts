import { compareReports, type AuditComparison, type AuditReport } from '../../audit/index.js';
import { refuseUnwritable, writeFileAtomic } from '../../files/write-atomic.js';
import { parseDuration } from '../../manifest/duration.js';
import { prepareAudit, readAuditReportFile } from '../../session/audit.js';
import { writeErr, writeOut } from '../output.js';
import type { GlobalOptions } from '../program.js';
import { targetOf, UsageError } from '../target.js';

type Format = 'text' | 'markdown' | 'json' | 'csv' | 'html';

interface AuditOptions {
  file?: string;
  format: Format;
  output?: string;
  staleAfter?: string;
  compare?: string;
  detailedExitcode?: boolean;
}

/**
 * `audit`: who can reach what on the server, and how, as it is now; with
 * `--compare OLD.json`, what changed since that review. It reads and changes
 * nothing. The review goes to stdout, or to `--output`; with `--compare`
 * stdout gets the changes (text, or markdown or JSON when that is the
 * format) and `--output` keeps the new review for the next comparison.
 */
export async function run(options: AuditOptions, globals: GlobalOptions): Promise<number> {
  const staleAfterSeconds = staleAfterOf(options.staleAfter);
  refuseImpossible(options, globals);
  if (options.output) await refuseUnwritable(options.output, 'the review');
  const old = options.compare === undefined ? undefined : await readAuditReportFile(options.compare);
  const renderers = import('../../render/audit/index.js');
  const report = await prepareAudit(targetOf(globals), {
    ...(options.file !== undefined ? { manifest: options.file } : {}),
    now: Math.floor(Date.now() / 1000),
    ...(staleAfterSeconds !== undefined ? { staleAfterSeconds } : {}),
  });
  const render = await renderers;
  const review = renderReport(report, options.format, render);
  if (old === undefined || options.compare === undefined) {
    if (!options.output) {
      writeOut(review);
      return 0;
    }
    await writeFileAtomic(options.output, review);
    writeErr(`Wrote the access review of ${report.users.length} users to ${options.output}.`);
    return 0;
  }
  const comparison = compareReports(old, report);
  if (options.output) await writeFileAtomic(options.output, review);
  writeOut(renderComparison(comparison, options.compare, options.format, render));
  return options.detailedExitcode && comparison.changed ? 2 : 0;
}

function staleAfterOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = parseDuration(text);
  if (seconds === undefined || seconds <= 0) {
    throw new UsageError(`--stale-after takes a duration like 90d, 12h or 2w (a whole number and one of s, m, h, d, w), got "${text}"`, 'audit');
  }
  return seconds;
}

function refuseImpossible(options: AuditOptions, globals: GlobalOptions): void {
  if (options.detailedExitcode && options.compare === undefined) {
    throw new UsageError('--detailed-exitcode says whether --compare found a change; give --compare OLD.json', 'audit');
  }
  if (options.file === undefined && !globals.apiKey && !globals.username && !globals.password) {
    throw new UsageError(
      "audit needs an administrator's credentials: give --api-key (PORTAINER_API_KEY), or --username and --password, or -f with a manifest whose admin block has a password",
      'audit',
    );
  }
}

type Renderers = typeof import('../../render/audit/index.js');

function renderReport(report: AuditReport, format: Format, render: Renderers): string {
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
function renderComparison(comparison: AuditComparison, oldFile: string, format: Format, render: Renderers): string {
  if (format === 'json') return render.renderComparisonJson(comparison);
  if (format === 'markdown') return render.renderComparisonMarkdown(comparison, oldFile);
  return render.renderComparisonText(comparison, oldFile);
}
