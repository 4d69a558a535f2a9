import { AuditReportError, compareFleetReports, fleetAuditOf, type FleetAudit, type FleetAuditComparison, type FleetAuditEntry } from '../../audit/index.js';
import { refuseUnwritable } from '../../files/write-atomic.js';
import { readAuditReviewFile } from '../../session/audit.js';
import { auditFleet } from '../../session/fleet-audit.js';
import { deliverReview, type AuditFormat, type AuditOptions } from '../audit-options.js';
import { loadSelection, refuseBesideFleet, sentenceOf, sharedReachOf } from '../fleet.js';
import { DEFAULT_PARALLEL } from '../fleet-flags.js';
import { colorWanted, writeErr } from '../output.js';
import type { GlobalOptions } from '../global-options.js';

/**
 * `audit --fleet F`: every selected target reviewed side by side, one report
 * across them (a section, a column or an entry per target). A target that
 * fails is reported and never stops the others. `--compare OLD.json` takes
 * an earlier fleet review and compares target by target. Exit 1 when any
 * target failed; else, with `--compare --detailed-exitcode`, 2 when anything
 * changed on any target; else 0.
 */
export async function runAuditFleet(options: AuditOptions, globals: GlobalOptions, staleAfterSeconds: number | undefined): Promise<number> {
  refuseBesideFleet(options, globals, 'audit');
  if (options.output) await refuseUnwritable(options.output, 'the review');
  const old = options.compare === undefined ? undefined : await readOldFleet(options.compare);
  const { fleet, targets } = await loadSelection(options, 'audit');
  const renderers = import('../../render/fleet/audit.js');
  const outcomes = await auditFleet(fleet, {
    targets,
    parallel: options.parallel ?? DEFAULT_PARALLEL,
    shared: sharedReachOf(globals),
    now: Math.floor(Date.now() / 1000),
    ...(staleAfterSeconds !== undefined ? { staleAfterSeconds } : {}),
  });
  const entries: FleetAuditEntry[] = outcomes.map((outcome) =>
    'result' in outcome ? { name: outcome.name, url: outcome.url, report: outcome.result } : { name: outcome.name, url: outcome.url, error: sentenceOf(outcome.error, globals.debug === true) },
  );
  const review = fleetAuditOf(entries);
  const render = await renderers;
  writeErr(render.renderFleetAuditErrors(review, { color: colorWanted(process.stderr, !globals.color) }));
  const comparison = old === undefined ? undefined : compareFleetReports(old, review);
  const changes = comparison && renderComparison(comparison, options.compare as string, options.format, render);
  await deliverReview(renderReview(review, options.format, render), changes, options.output, `${review.summary.targets} targets`);
  if (review.summary.failed > 0) return 1;
  return options.detailedExitcode && comparison?.changed ? 2 : 0;
}

/** A fleet is compared with an earlier fleet review, target by target; one Portainer's review is said to be the wrong input. */
async function readOldFleet(file: string): Promise<FleetAudit> {
  const review = await readAuditReviewFile(file);
  if ('report' in review) {
    throw new AuditReportError(`${file} is the review of one Portainer (audit --format json); audit --fleet compares with a fleet's review (audit --fleet --format json)`);
  }
  return review.fleet;
}

type Renderers = typeof import('../../render/fleet/audit.js');

function renderReview(review: FleetAudit, format: AuditFormat, render: Renderers): string {
  switch (format) {
    case 'json':
      return render.renderFleetAuditJson(review);
    case 'markdown':
      return render.renderFleetAuditMarkdown(review);
    case 'csv':
      return render.renderFleetAuditCsv(review);
    case 'html':
      return render.renderFleetAuditHtml(review);
    case 'text':
      return render.renderFleetAuditText(review);
  }
}

/** As for one Portainer: CSV and HTML runs print the comparison as text. */
function renderComparison(comparison: FleetAuditComparison, oldFile: string, format: AuditFormat, render: Renderers): string {
  if (format === 'json') return render.renderFleetComparisonJson(comparison);
  if (format === 'markdown') return render.renderFleetComparisonMarkdown(comparison, oldFile);
  return render.renderFleetComparisonText(comparison, oldFile);
}
