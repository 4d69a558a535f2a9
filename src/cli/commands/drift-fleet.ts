import { detectDrift } from '../../drift/index.js';
import { refuseUnwritable, writeFileAtomic } from '../../files/write-atomic.js';
import { driftFailed, fleetDriftOf, type FleetDrift, type FleetDriftEntry } from '../../fleet/outcome.js';
import { fleetDriftVerdict, renderFleetDriftErrors, renderFleetDriftJson, renderFleetDriftMarkdown, renderFleetDriftText } from '../../render/fleet/index.js';
import { planFleet } from '../../session/fleet-plan.js';
import { loadSelection, refuseBesideFleet, sentenceOf, sharedReachOf, type FleetOptions } from '../fleet.js';
import { DEFAULT_PARALLEL } from '../fleet-flags.js';
import { driftExitCode } from '../drift-exit-code.js';
import { colorWanted, writeErr, writeOut } from '../output.js';
import type { GlobalOptions } from '../global-options.js';
import { UsageError } from '../target.js';

export interface DriftFleetOptions extends FleetOptions {
  format: 'text' | 'json' | 'markdown' | 'patch';
  output?: string;
  write?: boolean;
  failOnUnmanaged?: boolean;
}

/**
 * `drift --fleet F`: every selected target checked side by side, sections in
 * the file's order, then the summary. Exit 1 when any target could not be
 * checked; else 2 when any drifted; else 0.
 */
export async function runDriftFleet(options: DriftFleetOptions, globals: GlobalOptions): Promise<number> {
  refuseBesideFleet(options, globals, 'drift');
  if (options.write || options.format === 'patch') {
    throw new UsageError(`${options.write ? '--write' : '--format patch'} edits a manifest file, one target at a time: run drift -f with that target's manifests`, 'drift');
  }
  const format = options.format;
  if (options.output) await refuseUnwritable(options.output, 'the report');
  const { fleet, targets } = await loadSelection(options, 'drift');
  // Mass deletes are drift like any other; whether apply may make them is not this command's question.
  const outcomes = await planFleet(fleet, { targets, parallel: options.parallel ?? DEFAULT_PARALLEL, shared: sharedReachOf(globals), allowMassDelete: false });
  const entries: FleetDriftEntry[] = outcomes.map((outcome) =>
    'result' in outcome
      ? { name: outcome.name, url: outcome.url, drift: detectDrift(outcome.result.plan, outcome.result.observed, outcome.result.desired) }
      : { name: outcome.name, url: outcome.url, error: sentenceOf(outcome.error, globals.debug === true) },
  );
  const report = fleetDriftOf(entries);
  writeErr(renderFleetDriftErrors(report, { color: colorWanted(process.stderr, !globals.color) }));
  if (options.output) {
    await writeFileAtomic(options.output, render(report, format, false));
    writeOut(fleetDriftVerdict(report));
  } else {
    // On the terminal the errors are on stderr already; a report file keeps them.
    writeOut(render(report, format, colorWanted(process.stdout, !globals.color), true));
  }
  return exitCodeOf(report, options.failOnUnmanaged === true);
}

function render(report: FleetDrift, format: 'text' | 'json' | 'markdown', color: boolean, errorsApart = false): string {
  if (format === 'json') return renderFleetDriftJson(report);
  if (format === 'markdown') return renderFleetDriftMarkdown(report);
  return renderFleetDriftText(report, { color, errorsApart });
}

/** 1 when any target could not be checked; else 2 when any target alone would exit 2 (`driftExitCode`: unmanaged users and teams count only with --fail-on-unmanaged). */
function exitCodeOf(report: FleetDrift, failOnUnmanaged: boolean): number {
  if (report.targets.some(driftFailed)) return 1;
  return report.targets.some((entry) => 'drift' in entry && driftExitCode(entry.drift, failOnUnmanaged) === 2) ? 2 : 0;
}
