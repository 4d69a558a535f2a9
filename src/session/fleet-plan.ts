import { ManifestCache } from '../manifest/index.js';
import type { LoadedFleet } from '../fleet/index.js';
import { forEachTarget, type FleetRunRequest, type TargetOutcome } from './for-each-target.js';
import { preparePlan, type PreparedPlan } from './prepare-plan.js';

export interface FleetPlanRequest extends FleetRunRequest {
  allowMassDelete: boolean;
}

/**
 * Every selected target planned side by side (at most `parallel` at once):
 * each with its own credentials and pin, its manifests read through one cache
 * (a file several targets share is read and parsed once per run). A target
 * that fails keeps its error; the others are planned in full.
 */
export function planFleet(fleet: LoadedFleet, request: FleetPlanRequest): Promise<TargetOutcome<PreparedPlan>[]> {
  const cache = new ManifestCache();
  return forEachTarget(fleet, request, (run) => preparePlan(run.target, { manifest: run.manifests, allowMassDelete: request.allowMassDelete, cache }));
}
