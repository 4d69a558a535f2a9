import { apiKeysAddress, userAddress } from '../plan/address.js';
import { compareText, foldUsername } from '../plan/match.js';
import type { DesiredState, ObservedState, ObservedUser, Plan, PlanError } from '../plan/types.js';
import { driftItemOf } from './drift-items.js';
import { isHeldChange, warningSplitter } from './split-warning.js';
import { unmanagedTeams } from './unmanaged-teams.js';
import type { DriftReport, DriftStatus, HeldDrift, UnmanagedUser } from './types.js';

/**
 * Drift is what `plan` would change, read as "the server differs from the
 * manifest". Pure: the plan, and the desired and observed states it was made
 * from, go in; a report comes out.
 *
 * The plan's errors are split in two. Keys that could not be read stop the
 * check itself (nobody can say whether they drifted). Everything else (a
 * password missing for a user apply would create, too many deletes, a setup
 * token) only stops apply: a nightly job with just the admin's credentials
 * still gets a complete drift report.
 */
export function detectDrift(plan: Plan, observed: ObservedState, desired: DesiredState): DriftReport {
  const unreadable = unreadableKeyAddresses(observed, desired);
  const errors: PlanError[] = plan.errors.filter((error) => unreadable.has(error.address));
  const applyBlockers = plan.errors.filter((error) => !unreadable.has(error.address));
  const drift = plan.changes.map((change) => driftItemOf(change, desired)).sort(byAddress);
  const warnings = plan.warnings.map(warningSplitter(desired, observed));
  const unmanaged = unmanagedUsers(plan, observed, desired, warnings);
  const teamsLeftAlone = unmanagedTeams(plan, observed, desired);
  const unmanagedAddresses = new Set(unmanaged.map((user) => userAddress(user.username)));
  // The planner's other team warnings (a member who exists only on the server) are not differences.
  const heldDrift = warnings.filter((warning) => isHeldChange(warning) && !unmanagedAddresses.has(warning.address)).sort(byAddress);
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
    summary: {
      drift: drift.length,
      held: heldDrift.length,
      unmanaged: unmanaged.length,
      unmanagedTeams: teamsLeftAlone.length,
      errors: errors.length,
    },
  };
}

function statusOf(errors: number, differences: number): DriftStatus {
  if (errors > 0) return 'error';
  return differences > 0 ? 'drifted' : 'in-sync';
}

/** The addresses at which the planner reports a user's keys as unreadable: those users' keys are unknown. */
function unreadableKeyAddresses(observed: ObservedState, desired: DesiredState): Set<string> {
  const byName = new Map(observed.users.map((user) => [foldUsername(user.username), user]));
  const addresses = new Set<string>();
  for (const user of desired.users) {
    if (user.apiKeys === undefined) continue;
    const current = byName.get(foldUsername(user.username));
    if (current && (current.apiKeysUnreadable !== undefined || current.apiKeys === undefined)) {
      addresses.add(apiKeysAddress(user.username));
    }
  }
  return addresses;
}

/**
 * Server users the manifest does not list and the plan does not delete:
 * prune is off, or a safety rule keeps them (its warning says which).
 */
function unmanagedUsers(plan: Plan, observed: ObservedState, desired: DesiredState, warnings: HeldDrift[]): UnmanagedUser[] {
  const listed = new Set(desired.users.map((user) => foldUsername(user.username)));
  const deleted = new Set(plan.changes.flatMap((change) => (change.kind === 'user' && change.action === 'delete' ? [change.userId] : [])));
  return observed.users
    .filter((user) => !listed.has(foldUsername(user.username)) && !deleted.has(user.id))
    .map((user) => ({ id: user.id, username: user.username, role: user.role, reason: whyLeftAlone(user, desired, warnings) }))
    .sort((a, b) => compareText(foldUsername(a.username), foldUsername(b.username)) || a.id - b.id);
}

function whyLeftAlone(user: ObservedUser, desired: DesiredState, warnings: HeldDrift[]): string {
  if (!desired.prune.users) return 'prune.users is off';
  const warning = warnings.find((candidate) => candidate.address === userAddress(user.username));
  if (!warning) return 'the plan leaves it alone';
  return warning.message.replace(/^not deleted: /, '');
}

function byAddress(a: { address: string }, b: { address: string }): number {
  return compareText(a.address, b.address);
}

