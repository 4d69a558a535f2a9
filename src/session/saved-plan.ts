import { access, constants } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { digestChanges } from '../plan/canonical.js';
import { firstDifference } from '../plan-format/compare.js';
import { describeReadFailure } from '../files/read-failure.js';
import { STDIN } from '../manifest/load.js';
import { readSavedPlan, SavedPlanError } from '../plan-format/saved-plan.js';
import type { Change } from '../plan/types/index.js';
import { normaliseTarget } from '../portainer/index.js';
import { describeDifference } from '../render/plan/plan-difference.js';
import { describeProblem } from '../render/common/problem-words.js';
import { StalePlanError } from './errors.js';
import { preparePlan, type PreparedPlan } from './prepare-plan.js';
import { refuseKeysWithoutSecretsFile, refuseUnwritableSecretsFile } from './preflight.js';
import type { Target } from './target.js';

export interface SavedPlanRequest {
  /** `--allow-mass-delete` of the apply itself: a saved plan cannot give itself that consent. */
  allowMassDelete: boolean;
  secretsFile?: string;
}

/**
 * `apply PLANFILE`: the saved plan is read and checked as a whole, the
 * manifest it names is planned afresh against the server as it is now, and
 * the result is the fresh plan, returned only when its changes are exactly
 * the saved ones (ids included) and it has no error. Every request apply
 * then sends comes from that fresh plan; the file only has to agree with it.
 * Without a URL in the target, the plan's own target is used.
 */
export async function prepareSavedPlan(target: Target, planFile: string, request: SavedPlanRequest): Promise<PreparedPlan> {
  const saved = await readSavedPlan(planFile);
  // What the file alone decides is refused before anything is read from the server.
  refuseKeysWithoutSecretsFile(saved.changes, request.secretsFile);
  if (request.secretsFile) await refuseUnwritableSecretsFile(request.secretsFile);
  await refuseUnreadableManifests(saved.manifests ?? [saved.manifest], planFile);
  if (target.url && sameServer(target.url, saved.target) === false) {
    throw new StalePlanError(`${planFile} was made for ${saved.target}, not ${target.url}; nothing was applied`);
  }
  if (target.instanceId !== undefined && saved.instanceId !== undefined && target.instanceId !== saved.instanceId) {
    throw new StalePlanError(`${planFile} was made for Portainer instance ${saved.instanceId}, not the pinned ${target.instanceId}; nothing was applied`);
  }
  // A plan made of one Portainer is applied to that one only: its instance id pins the server, as a fleet file would.
  const pin = target.instanceId ?? saved.instanceId;
  const prepared = await preparePlan(
    { ...target, url: target.url || saved.target, ...(pin !== undefined ? { instanceId: pin } : {}) },
    {
      manifest: saved.manifests ?? saved.manifest,
      allowMassDelete: request.allowMassDelete,
      manifestDigest: saved.manifestDigest,
      ...(saved.replace ? { replace: saved.replace } : {}),
      ...(request.secretsFile ? { secretsFile: request.secretsFile } : {}),
    },
  );
  const { plan } = prepared;
  if (plan.observedDigest !== saved.observedDigest) {
    throw new StalePlanError("saved plan is stale: what the plan read from Portainer (users, keys, teams or environment access) changed since it was made; run plan again");
  }
  refuseUnlessSame(saved.changes, prepared, planFile);
  return prepared;
}

/**
 * `apply -f M --expect-digest D`: the reviewed plan is known only by its
 * digest, so the fresh plan must have exactly that digest.
 */
export function refuseUnlessDigest(prepared: PreparedPlan, expected: string): void {
  const { plan } = prepared;
  refuseWithErrors(prepared, 'the reviewed plan');
  if (plan.changesDigest !== expected) {
    throw new StalePlanError(
      `the plan of ${(plan.manifests ?? [plan.manifest]).join(' + ')} has changes digest ${plan.changesDigest}, not the reviewed ${expected}: the server or the manifest changed since the review; run plan again (nothing was applied)`,
    );
  }
}

function refuseUnlessSame(saved: Change[], prepared: PreparedPlan, planFile: string): void {
  refuseWithErrors(prepared, planFile);
  const difference = firstDifference(saved, prepared.plan.changes);
  if (difference || digestChanges(saved) !== prepared.plan.changesDigest) {
    const why = difference ? describeDifference(difference, planFile) : 'its changes are not those of a fresh plan';
    throw new StalePlanError(`${planFile} is not what apply would do now: ${why}; run plan again (nothing was applied)`);
  }
}

function refuseWithErrors({ plan }: PreparedPlan, what: string): void {
  const error = plan.problems.find((problem) => problem.severity === 'error');
  if (error) {
    throw new StalePlanError(`a fresh plan of ${plan.manifest} has errors, so ${what} is not applied: ${error.address}: ${describeProblem(error)}`);
  }
}

/**
 * A saved plan names its manifests as `plan -f` was given them: a relative
 * path is relative to the folder `plan` ran in, and `apply` must run there
 * too, as Terraform applies a saved plan from the directory it was made in.
 * The path is not made absolute when the plan is saved: CI checks the
 * repository out at another path in the apply job, and an absolute path
 * would break exactly there.
 */
async function refuseUnreadableManifests(manifests: readonly string[], planFile: string): Promise<void> {
  for (const manifest of manifests) {
    if (manifest === STDIN) continue;
    try {
      await access(manifest, constants.R_OK);
    } catch (error) {
      const where = isAbsolute(manifest) ? '' : `; a saved plan names its manifest as plan -f was given it, relative to the folder plan ran in, so run apply from that folder (here is ${process.cwd()})`;
      throw new SavedPlanError(`cannot read ${manifest}, the manifest ${planFile} names: ${describeReadFailure(error)}${where}; nothing was applied`);
    }
  }
}

/** Whether two spellings name one target; undefined when one is not a URL (connecting will say why). */
function sameServer(a: string, b: string): boolean | undefined {
  try {
    return normaliseTarget(a) === normaliseTarget(b);
  } catch {
    return undefined;
  }
}
