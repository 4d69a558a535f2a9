import { checkAdminInit } from './admin-init.js';
import { diffKeys } from './diff-keys.js';
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
  const proposed = orderChanges([...diffUsers(matching, desired, observed), ...keys.changes]);
  const { kept: changes, warnings } = guardChanges(proposed, observed, desired.prune, context);
  const massDelete = checkMassDelete(changes, observed, desired.prune.maxDeletes, context);
  const errors = [
    ...checkAdminInit(desired, observed, changes, context),
    ...keys.errors,
    ...checkPasswords(changes, desired, context),
    ...checkAdminsRemain(changes, observed),
    ...massDelete.errors,
  ];
  return {
    changes,
    summary: summarize(changes),
    warnings: [...warnings, ...massDelete.warnings, ...teamsNotManagedYet(desired)],
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

// The manifest already reads teams (issue 9); until the planner manages them, say so rather than ignore them silently.
function teamsNotManagedYet(desired: DesiredState): string[] {
  if (!desired.teams || desired.teams.length === 0) return [];
  return ["teams: the manifest lists teams, which this version reads and validates but does not manage yet; no team or membership is changed"];
}

/** Stable, so errors at one address keep the order in which they were found. */
function sortByAddress(errors: PlanError[]): PlanError[] {
  return [...errors].sort((a, b) => (a.address === b.address ? 0 : a.address < b.address ? -1 : 1));
}
