import { detectDrift, type DriftReport } from '../../drift/index.js';
import { refuseUnwritable, writeFileAtomic } from '../../files/write-atomic.js';
import { renderDriftJson } from '../../render/drift-json.js';
import { renderDriftMarkdown } from '../../render/drift-markdown.js';
import { renderDriftText } from '../../render/drift-text.js';
import { verdictLine } from '../../render/drift-words.js';
import { colorWanted, writeOut } from '../output.js';
import { preparePlan } from '../../session/index.js';
import type { GlobalOptions } from '../program.js';
import { formatOf } from '../format-option.js';
import { targetOf } from '../target.js';

interface DriftOptions {
  file: string;
  format?: 'text' | 'json' | 'markdown';
  json?: boolean;
  output?: string;
  failOnUnmanaged?: boolean;
}

/**
 * `drift`: plan, then read the plan as drift. Exit 0 none, 2 drift, 1 when
 * the check could not be completed. With --output the report goes to the
 * file and the verdict to stdout, so a CI log still says what happened.
 */
export async function run(options: DriftOptions, globals: GlobalOptions): Promise<number> {
  const format = formatOf(options, 'text', 'drift');
  if (options.output) await refuseUnwritable(options.output, 'the report');
  // Mass deletes are drift like any other; whether apply may make them is not this command's question.
  const { plan, observed, desired } = await preparePlan(targetOf(globals), { manifest: options.file, allowMassDelete: false });
  const report = detectDrift(plan, observed, desired);
  if (options.output) {
    await writeFileAtomic(options.output, render(report, format, false));
    writeOut(verdictLine(report));
  } else {
    writeOut(render(report, format, colorWanted(process.stdout, !globals.color)));
  }
  return exitCodeOf(report, options.failOnUnmanaged === true);
}

function render(report: DriftReport, format: 'text' | 'json' | 'markdown', color: boolean): string {
  if (format === 'json') return renderDriftJson(report);
  if (format === 'markdown') return renderDriftMarkdown(report);
  return renderDriftText(report, { color });
}

/**
 * Unmanaged users and teams alone are not drift: a manifest with prune off
 * leaves them alone on purpose, and a nightly job must not fail forever on
 * them. They are always listed; --fail-on-unmanaged makes them count.
 */
function exitCodeOf(report: DriftReport, failOnUnmanaged: boolean): number {
  if (report.status === 'error') return 1;
  if (report.status === 'drifted') return 2;
  return failOnUnmanaged && report.unmanaged.length + report.unmanagedTeams.length > 0 ? 2 : 0;
}
