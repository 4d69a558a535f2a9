import { checkAdminInit } from './admin-init.js';
import { diffKeys } from './diff-keys.js';
import { diffTeams } from './diff-teams.js';
import { diffUsers, matchUsers } from './diff-users.js';
import { checkMassDelete } from './mass-delete.js';
import { orderChanges } from './order.js';
import { checkPasswords } from './passwords.js';
import { checkAdminsRemain, guardChanges } from './safety.js';
import { summarize } from './summary.js';
import type { DesiredState, ObservedState, Plan, PlanBody, PlanContext, PlanError, PlanMeta } from './types.js';

/**
 * The pure planner: what must change for the server to match the manifest,
 * in apply order, with the safety rules applied and every problem that would
 * stop apply halfway reported as an error up front. No I/O, no clock.
 */
export function diff(desired: DesiredState, observed: ObservedState, context: PlanContext): PlanBody {
  const matching = matchUsers(desired, observed);
  const keys = diffKeys(matching.matches, context);
  const teams = diffTeams(desired, observed);
  const proposed = orderChanges([...diffUsers(matching, desired, observed), ...keys.changes, ...teams.changes]);
  const { kept: changes, warnings } = guardChanges(proposed, observed, desired.prune, context);
  const massDelete = checkMassDelete(changes, observed, desired.prune.maxDeletes, context);
  const errors = [
    ...checkAdminInit(desired, observed, changes, context),
    ...keys.errors,
    ...teams.errors,
    ...checkPasswords(changes, desired, context),
    ...checkAdminsRemain(changes, observed),
    ...massDelete.errors,
  ];
  return {
    changes,
    summary: summarize(changes),
    warnings: [...teams.warnings, ...warnings, ...massDelete.warnings],
    errors: sortByAddress(errors),
  };
}

/** The public plan object, its keys in the order of design.md. */
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
    warnings: body.warnings,
    errors: body.errors,
  };
}

/** Stable, so errors at one address keep the order in which they were found. */
function sortByAddress(errors: PlanError[]): PlanError[] {
  return [...errors].sort((a, b) => (a.address === b.address ? 0 : a.address < b.address ? -1 : 1));
}
