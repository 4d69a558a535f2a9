/** Drift reports the tests render: made by the real planner from plain states, so they are reports the tool can make. */
import { detectDrift, type DriftReport } from '../../src/drift/index.js';
import type { DesiredState, ObservedState, PlanContext } from '../../src/plan/types/index.js';
import {
  adminBlock,
  desiredKey,
  desiredState,
  desiredTeam,
  desiredUser,
  initialAdmin,
  observedKey,
  observedState,
  observedUser,
  planOf,
  serverWithTeams,
} from '../support/state-builders.js';

export function reportOf(desired: DesiredState, observed: ObservedState, context: Partial<PlanContext> = {}): DriftReport {
  return detectDrift(planOf(desired, observed, context), observed, desired);
}

/** Every kind of drift, a protected user whose role differs, unmanaged users, and a password apply would miss. */
export function representativeReport(): DriftReport {
  const desired = desiredState(
    [
      adminBlock(),
      desiredUser('alice', { role: 'admin', apiKeys: [desiredKey('deploy', 90)] }),
      desiredUser('bob', { password: { given: false }, apiKeys: [desiredKey('laptop')] }),
      desiredUser('erin', { apiKeys: [desiredKey('ci')] }),
      desiredUser('break-glass-2', { role: 'admin' }),
    ],
    { users: true, protect: ['break-glass-*'] },
  );
  const observed = observedState([
    initialAdmin(),
    observedUser(2, 'alice', 'standard', [observedKey(11, 'deploy', 100)]),
    observedUser(3, 'carol', 'standard'),
    observedUser(4, 'erin', 'standard', [observedKey(12, 'ci', 3), observedKey(13, 'ci', 30), observedKey(14, 'old-laptop', 400)]),
    observedUser(5, 'break-glass-1', 'admin'),
    observedUser(6, 'break-glass-2', 'standard'),
  ]);
  return reportOf(desired, observed);
}

/** Prune off: the server has users the manifest leaves alone, and nothing else differs. */
export function unmanagedOnlyReport(): DriftReport {
  const desired = desiredState([adminBlock(), desiredUser('alice', { role: 'admin' })]);
  const observed = observedState([initialAdmin(), observedUser(2, 'alice', 'admin'), observedUser(3, 'dave'), observedUser(4, 'Zed', 'admin')]);
  return reportOf(desired, observed);
}

/** Another admin's keys could not be read: the check is incomplete. */
export function unreadableKeysReport(): DriftReport {
  const desired = desiredState([adminBlock(), desiredUser('alice', { role: 'admin', password: { given: false }, apiKeys: [desiredKey('deploy')] })]);
  const observed = observedState([
    initialAdmin(),
    { ...observedUser(2, 'alice', 'admin'), apiKeysUnreadable: { cause: 'no-password' } },
  ]);
  return reportOf(desired, observed);
}

/**
 * Teams drifted every way: a team and a member missing, a role changed, a member the manifest
 * drops, an unlisted team pruned, a protected member kept (held), a member who exists only on
 * the server (a warning, not drift), and, with prune.teams off, an unmanaged team.
 */
export function teamsReport(pruneTeams = true): DriftReport {
  const desired: DesiredState = {
    ...desiredState([adminBlock(), desiredUser('carol'), desiredUser('dave')], { protect: ['break-glass-*'], teams: pruneTeams }),
    teams: [desiredTeam('developers', { admin: 'leader' }), desiredTeam('ops', { carol: 'leader', zed: 'member', admin: 'member' })],
  };
  return reportOf(desired, serverWithTeams());
}
