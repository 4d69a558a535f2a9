/** Plans the renderer tests print: built by the real planner from plain states, so they are plans it can make. */
import type { Plan } from '../../src/plan/index.js';
import type { DesiredState, ObservedState } from '../../src/plan/types/index.js';
import {
  adminBlock,
  desiredKey,
  desiredState,
  desiredTeam,
  desiredUser,
  freshServer,
  initialAdmin,
  observedKey,
  observedState,
  observedTeam,
  observedUser,
  planOf,
  serverWithTeams,
} from '../support/state-builders.js';

/** Every kind of change: a create with a key, a promotion, a rotation, key and user deletes, and a protected user kept. */
export function representativePlan(): Plan {
  const desired = desiredState(
    [
      adminBlock(),
      desiredUser('alice', { role: 'admin', apiKeys: [desiredKey('deploy', 90)] }),
      desiredUser('bob', { apiKeys: [desiredKey('laptop')] }),
      desiredUser('erin', { apiKeys: [] }),
    ],
    { users: true, protect: ['break-glass-*'] },
  );
  const observed = observedState([
    initialAdmin(),
    observedUser(2, 'alice', 'standard', [observedKey(11, 'deploy', 100)]),
    observedUser(3, 'carol', 'standard'),
    observedUser(4, 'erin', 'standard', [observedKey(12, 'old-laptop', 400)]),
    observedUser(5, 'break-glass-1', 'admin'),
  ]);
  return planOf(desired, observed);
}

/** A fresh server whose manifest has problems: no setup token, a short password, a key owner without one. */
export function planWithErrors(): Plan {
  const desired = desiredState([
    adminBlock('admin', { apiKeys: [desiredKey('ci')] }),
    desiredUser('bob', { password: { given: true, length: 8 } }),
    desiredUser('dave', { password: { given: false }, apiKeys: [desiredKey('deploy')] }),
  ]);
  return planOf(desired, freshServer(), { setupToken: { required: true, given: false } });
}

export function convergedPlan(): Plan {
  const desired = desiredState([adminBlock(), desiredUser('Alice', { role: 'admin' })]);
  return planOf(desired, observedState([initialAdmin(), observedUser(2, 'alice', 'admin')]));
}

/** `count` new users, each with a long name and two keys: a plan too big for one PR comment. */
export function hugePlan(count: number): Plan {
  const users = Array.from({ length: count }, (_, index) =>
    desiredUser(`user-${String(index).padStart(5, '0')}-${'x'.repeat(40)}`, { apiKeys: [desiredKey('deploy'), desiredKey('laptop')] }),
  );
  return planOf(desiredState([adminBlock(), ...users]), observedState([initialAdmin()]));
}

/**
 * Every team change: a new team with a leader, a new member who is a new user, a role change,
 * a member the manifest drops, an unlisted team deleted with its memberships, a protected
 * member kept, and a member who exists only on the server (a warning).
 */
export function teamsPlan(): Plan {
  const desired: DesiredState = {
    ...desiredState([adminBlock(), desiredUser('bob'), desiredUser('carol'), desiredUser('dave')], { protect: ['break-glass-*'], teams: true }),
    teams: [desiredTeam('developers', { admin: 'leader', bob: 'member' }), desiredTeam('ops', { carol: 'leader', zed: 'member' })],
  };
  return planOf(desired, serverWithTeams());
}

/**
 * People over time: a user and a team renamed in place (the user promoted too), a rotation with
 * an overlap, an older key whose overlap has passed, another kept in its overlap, a key replaced
 * with --replace, and a server already below safety.minAdmins.
 */
export function peopleOverTimePlan(): Plan {
  const bob = observedUser(2, 'bob', 'standard', [observedKey(11, 'deploy', 100), observedKey(12, 'laptop', 2)]);
  const carol = observedUser(3, 'carol', 'standard', [observedKey(21, 'ci', 100), observedKey(22, 'ci', 10), observedKey(23, 'cd', 100), observedKey(24, 'cd', 3)]);
  const overlap = { text: '7d', seconds: 7 * 86_400 };
  const desired: DesiredState = {
    ...desiredState([
      adminBlock(),
      desiredUser('robert', { role: 'admin', previously: ['bob'], path: ['users', 0], apiKeys: [{ ...desiredKey('deploy', 90), overlap }, desiredKey('laptop')] }),
      desiredUser('carol', { apiKeys: [{ ...desiredKey('ci', 90), overlap }, { ...desiredKey('cd', 90), overlap }] }),
    ]),
    teams: [{ ...desiredTeam('platform', { robert: 'member' }), previously: ['ops'], path: ['teams', 0] }],
    minAdmins: 3,
  };
  const observed: ObservedState = { ...observedState([initialAdmin(), bob, carol]), teams: [observedTeam(4, 'ops', [[bob, 'member']])] };
  return planOf(desired, observed, { replace: ['user.robert.apiKey[laptop]'] }, { replace: ['user.robert.apiKey[laptop]'] });
}
