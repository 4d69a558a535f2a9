import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../files/write-atomic.js';
import { fleetPlansOf, planFailed, type FleetPlanEntry, type FleetPlans } from '../../fleet/outcome.js';
import { renderPlanJson } from '../../render/plan/json.js';
import { renderFleetPlanErrors, renderFleetPlanJson, renderFleetPlanMarkdown, renderFleetPlanText } from '../../render/fleet/index.js';
import { planFleet } from '../../session/fleet-plan.js';
import { loadSelection, refuseBesideFleet, sentenceOf, sharedReachOf, type FleetOptions } from '../fleet.js';
import { DEFAULT_PARALLEL } from '../fleet-flags.js';
import { colorWanted, writeErr, writeOut } from '../output.js';
import type { GlobalOptions } from '../global-options.js';

export interface PlanFleetOptions extends FleetOptions {
  out?: string;
  detailedExitcode?: boolean;
  allowMassDelete?: boolean;
}

/**
 * `plan --fleet F`: every selected target planned side by side, sections in
 * the file's order, then the summary. Exit 1 when any target failed; else,
 * with --detailed-exitcode, 2 when any has changes; else 0. `--out DIR`
 * saves DIR/<target>.json for every target with a plan that can be applied.
 */
export async function runPlanFleet(options: PlanFleetOptions, globals: GlobalOptions, format: 'text' | 'json' | 'markdown'): Promise<number> {
  refuseBesideFleet(options, globals, 'plan');
  const { fleet, targets } = await loadSelection(options, 'plan');
  if (options.out) await mkdir(options.out, { recursive: true });
  const outcomes = await planFleet(fleet, {
    targets,
    parallel: options.parallel ?? DEFAULT_PARALLEL,
    shared: sharedReachOf(globals),
    allowMassDelete: options.allowMassDelete === true,
  });
  const entries: FleetPlanEntry[] = outcomes.map((outcome) =>
    'result' in outcome ? { name: outcome.name, url: outcome.url, plan: outcome.result.plan } : { name: outcome.name, url: outcome.url, error: sentenceOf(outcome.error, globals.debug === true) },
  );
  const plans = fleetPlansOf(entries);
  writeOut(render(plans, format, globals));
  writeErr(renderFleetPlanErrors(plans, { color: colorWanted(process.stderr, !globals.color) }));
  if (options.out) await savePlans(plans, options.out, format === 'text');
  if (plans.summary.failed > 0) return 1;
  return options.detailedExitcode && plans.summary.withChanges > 0 ? 2 : 0;
}

function render(plans: FleetPlans, format: 'text' | 'json' | 'markdown', globals: GlobalOptions): string {
  if (format === 'json') return renderFleetPlanJson(plans);
  if (format === 'markdown') return renderFleetPlanMarkdown(plans);
  return renderFleetPlanText(plans, { color: colorWanted(process.stdout, !globals.color) });
}

/** One ordinary saved plan per target that has one; a failed target's file from an earlier run is removed, never left to be applied. */
async function savePlans(plans: FleetPlans, folder: string, tell: boolean): Promise<void> {
  if (tell && plans.targets.some((entry) => !planFailed(entry))) writeOut('');
  for (const entry of plans.targets) {
    const file = join(folder, `${entry.name}.json`);
    if (planFailed(entry) || !('plan' in entry)) {
      await rm(file, { force: true });
      continue;
    }
    await writeFileAtomic(file, renderPlanJson(entry.plan));
    if (tell) writeOut(`Saved the plan of ${entry.name} to ${file}. To apply it: portainer-users apply ${file}`);
  }
}
