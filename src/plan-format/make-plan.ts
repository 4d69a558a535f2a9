import { diff } from '../plan/make-plan.js';
import { INTERNAL_AUTHENTICATION, type DesiredState, type ObservedState, type Plan, type PlanContext, type PlanMeta } from '../plan/types.js';
import { digestChanges } from './canonical.js';

/** The public plan object, its keys in the order of design.md: the pure planner's body, where it came from, and its digest. */
export function makePlan(desired: DesiredState, observed: ObservedState, context: PlanContext, meta: PlanMeta): Plan {
  const body = diff(desired, observed, context);
  return {
    formatVersion: 1,
    target: meta.target,
    manifest: meta.manifest,
    manifestDigest: meta.manifestDigest,
    observedDigest: meta.observedDigest,
    changes: body.changes,
    summary: body.summary,
    problems: body.problems,
    held: body.held,
    applyable: body.applyable,
    changesDigest: digestChanges(body.changes),
    authentication: observed.authentication ?? INTERNAL_AUTHENTICATION,
    ...(meta.manifests ? { manifests: meta.manifests } : {}),
    ...(meta.instanceId !== undefined ? { instanceId: meta.instanceId } : {}),
  };
}
