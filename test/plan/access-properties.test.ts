import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diff, phaseOf } from '../../src/plan/index.js';
import type { DesiredAccessHolder, DesiredState, ObservedAccessHolder, ObservedState, ObservedUser } from '../../src/plan/index.js';
import { simulateApply } from '../support/simulate.js';
import { BUSINESS_EDITION_ROLES, NOW, adminBlock, desiredUser, planContext } from '../support/state-builders.js';

/**
 * Random grants in the manifest against random grants on a server (orphans,
 * any RoleId, Business or Community Edition), every name a manifest user or
 * team that may not exist yet: a plan has no errors, and applying it then
 * planning again changes nothing.
 */
const USERS = ['admin', 'alice', 'bob', 'carol'];
const TEAMS = ['developers', 'ops'];
const ROLES = [undefined, 'operator', 'read-only', 'Helpdesk', 'environment-admin'];
const HOLDERS = [
  { scope: 'environment' as const, name: 'prod', id: 1 },
  { scope: 'environment' as const, name: 'stage', id: 2 },
  { scope: 'group' as const, name: 'edge', id: 7 },
];
const context = planContext({ runningAs: 'admin' });

const grantsOf = (names: string[]) =>
  fc.subarray(names).chain((picked) => fc.tuple(...picked.map((name) => fc.record({ name: fc.constant(name), role: fc.constantFrom(...ROLES) }))));

const desiredStates: fc.Arbitrary<DesiredState> = fc
  .record({ holders: fc.subarray(HOLDERS), users: fc.array(grantsOf(USERS), { minLength: 3, maxLength: 3 }), teams: fc.array(grantsOf(TEAMS), { minLength: 3, maxLength: 3 }), prune: fc.boolean() })
  .map(({ holders, users, teams, prune }) => ({
    users: [adminBlock(), ...USERS.slice(1).map((name) => desiredUser(name))],
    prune: { users: false, protect: [], access: prune },
    teams: TEAMS.map((name) => ({ name, members: [] })),
    access: holders.map((holder, index): DesiredAccessHolder => ({
      scope: holder.scope,
      name: holder.name,
      users: (users[index] ?? []).map(({ name, role }) => (role === undefined ? { name } : { name, role })),
      teams: (teams[index] ?? []).map(({ name, role }) => (role === undefined ? { name } : { name, role })),
    })),
  }));

const observedStates: fc.Arbitrary<ObservedState> = fc
  .record({
    users: fc.subarray(USERS.slice(1)),
    teams: fc.subarray(TEAMS),
    business: fc.boolean(),
    grants: fc.array(fc.record({ users: fc.array(fc.tuple(fc.nat(5), fc.nat(6))), teams: fc.array(fc.tuple(fc.nat(3), fc.nat(6))) }), { minLength: 3, maxLength: 3 }),
  })
  .map(({ users, teams, business, grants }) => {
    const observedUsers: ObservedUser[] = [{ id: 1, username: 'admin', role: 'admin' }, ...users.map((username, index) => ({ id: index + 2, username, role: 'standard' as const }))];
    const observedTeams = teams.map((name, index) => ({ id: index + 10, name, members: [] }));
    // A pick past the end is an id that is nobody: an orphan.
    const ids = (picks: [number, number][], known: number[]) =>
      [...new Map(picks.map(([pick, roleId]) => [known[pick] ?? 100 + pick, roleId])).entries()].map(([id, roleId]) => ({ id, roleId })).sort((a, b) => a.id - b.id);
    const holders: ObservedAccessHolder[] = HOLDERS.map((holder, index) => ({
      scope: holder.scope,
      id: holder.id,
      name: holder.name,
      users: ids(grants[index]?.users ?? [], observedUsers.map((user) => user.id)),
      teams: ids(grants[index]?.teams ?? [], observedTeams.map((team) => team.id)),
    }));
    return { adminExists: true, users: observedUsers, teams: observedTeams, access: { holders, roles: business ? BUSINESS_EDITION_ROLES : [] } };
  });

describe('access plan properties', () => {
  it('plans no errors, in apply order, and converges: a plan after applying it changes nothing', () => {
    fc.assert(
      fc.property(desiredStates, observedStates, (desired, observed) => {
        const body = diff(desired, observed, context);
        expect(body.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
        for (let index = 1; index < body.changes.length; index += 1) expect(phaseOf(body.changes[index - 1]!)).toBeLessThanOrEqual(phaseOf(body.changes[index]!));
        const after = simulateApply(observed, body.changes, NOW);
        expect(diff(desired, after, context).changes).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
