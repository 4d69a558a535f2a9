import { userAddress } from '../plan/address.js';
import { compareText, foldUsername } from '../plan/match.js';
import { isHeld, type HeldFacts, type Problem } from '../plan/types/problems.js';
import type { DesiredState, ObservedState, ObservedUser, Plan } from '../plan/types/index.js';
import { driftItemOf } from './drift-items.js';
import { isRename } from '../plan/rename-changes.js';
import { unmanagedTeams } from './unmanaged-teams.js';
import type { DriftReport, DriftStatus, HeldDrift, UnmanagedReason, UnmanagedUser } from './types.js';

/**
 * Drift is what `plan` would change, read as "the server differs from the
 * manifest": a projection of the plan's changes, held changes and problems,
 * by their codes. Pure: the plan, and the desired and observed states it was
 * made from, go in; a report comes out.
 *
 * The plan's errors are split in two. Keys that were not read stop the
 * check itself (nobody can say whether they drifted). Everything else (a
 * password missing for a user apply would create, too many deletes, a setup
 * token) only stops apply: a nightly job with just the admin's credentials
 * still gets a complete drift report.
 */
export function detectDrift(plan: Plan, observed: ObservedState, desired: DesiredState): DriftReport {
  const errorsOfPlan = plan.problems.filter((problem) => problem.severity === 'error');
  const errors = errorsOfPlan.filter(stopsTheCheck);
  const applyBlockers = errorsOfPlan.filter((problem) => !stopsTheCheck(problem));
  const drift = plan.changes.map((change) => driftItemOf(change, desired)).sort(byAddress);
  const heldDeletes = new Map(plan.problems.filter(isHeld).filter(isUserDelete).map((problem) => [problem.address, problem]));
  const heldDrift = heldDifferences(plan);
  const unmanaged = unmanagedUsers(plan, observed, desired, heldDeletes);
  const teamsLeftAlone = unmanagedTeams(plan, observed, desired);
  return {
    formatVersion: 1,
    target: plan.target,
    manifest: plan.manifest,
    manifestDigest: plan.manifestDigest,
    observedDigest: plan.observedDigest,
    status: statusOf(errors.length, drift.length + heldDrift.length),
    drift,
    held: heldDrift,
    unmanaged,
    unmanagedTeams: teamsLeftAlone,
    errors,
    applyBlockers,
    warnings: plan.problems.filter((problem) => problem.severity === 'warning' && !isHeld(problem) && problem.code !== 'keys.unreadable'),
    unchecked: plan.problems.filter((problem) => problem.code === 'keys.unreadable'),
    summary: {
      drift: drift.length,
      held: heldDrift.length,
      unmanaged: unmanaged.length,
      unmanagedTeams: teamsLeftAlone.length,
      errors: errors.length,
    },
    ...(plan.manifests ? { manifests: plan.manifests } : {}),
  };
}

/**
 * Differences the plan holds back for safety, by address. A held delete of an
 * unlisted user is not one: the user is unmanaged, and the rule is its reason.
 */
export function heldDifferences(plan: Pick<Plan, 'problems'>): HeldDrift[] {
  return plan.problems.filter(isHeld).filter((problem) => !isUserDelete(problem)).sort(byAddress);
}

/**
 * Keys that were not read, and a server that lists one thing twice, leave
 * the check itself incomplete: nobody can say what drifted. (Keys another
 * administrator holds are a warning, `unchecked`: the rest of the check stands.)
 */
function stopsTheCheck(problem: Problem): boolean {
  return problem.code === 'keys.not-read' || problem.code.startsWith('observed.');
}

function statusOf(errors: number, differences: number): DriftStatus {
  if (errors > 0) return 'error';
  return differences > 0 ? 'drifted' : 'in-sync';
}

/**
 * Server users the manifest does not list and the plan does not delete:
 * prune is off, or a safety rule holds the delete back (the rule is the reason).
 */
function unmanagedUsers(plan: Plan, observed: ObservedState, desired: DesiredState, heldDeletes: Map<string, HeldDrift>): UnmanagedUser[] {
  const listed = new Set(desired.users.map((user) => foldUsername(user.username)));
  const deleted = new Set(plan.changes.flatMap((change) => (change.kind === 'user' && change.action === 'delete' ? [change.userId] : [])));
  // A user the plan renames (or holds a rename of) is a manifest entry's, under its earlier name.
  const renamed = new Set([...plan.changes, ...plan.held.map((held) => held.change)].flatMap((change) => (change.kind === 'user' && isRename(change) ? [change.userId] : [])));
  return observed.users
    .filter((user) => !listed.has(foldUsername(user.username)) && !deleted.has(user.id) && !renamed.has(user.id))
    .map((user) => ({ id: user.id, username: user.username, role: user.role, reason: whyLeftAlone(user, desired, heldDeletes) }))
    .sort((a, b) => compareText(foldUsername(a.username), foldUsername(b.username)) || a.id - b.id);
}

function whyLeftAlone(user: ObservedUser, desired: DesiredState, heldDeletes: Map<string, HeldDrift>): UnmanagedReason {
  if (!desired.prune.users) return { code: 'prune-off' };
  return heldDeletes.get(userAddress(user.username)) ?? { code: 'not-planned' };
}

function isUserDelete(problem: HeldFacts): boolean {
  return problem.kind === 'user' && problem.action === 'delete';
}

function byAddress(a: { address: string }, b: { address: string }): number {
  return compareText(a.address, b.address);
}
