import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diff, foldUsername, phaseOf } from '../../src/plan/index.js';
import type { DesiredState, DesiredTeam, ObservedState, ObservedTeam, ObservedUser, TeamRole } from '../../src/plan/index.js';
import { simulateApply } from '../support/simulate.js';
import { NOW, adminBlock, desiredUser, planContext } from '../support/state-builders.js';

/**
 * Random teams in the manifest against random teams on a server, every
 * username a manifest user, nothing protected: the safe space in which a plan
 * has no errors and applying it must give exactly the manifest's teams.
 */
const USERS = ['admin', 'alice', 'bob', 'carol'];
const TEAMS = ['developers', 'ops', 'qa'];
const context = planContext({ runningAs: 'admin' });

const spelling = (name: string) =>
  fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((upper) =>
    [...name].map((character, index) => (upper[index] ? character.toUpperCase() : character)).join(''),
  );
const teamRole = fc.constantFrom<TeamRole>('leader', 'member');
const membersOf = fc.subarray(USERS).chain((names) => fc.tuple(...names.map((name) => fc.tuple(spelling(name), teamRole))));

const desiredTeams: fc.Arbitrary<DesiredTeam[]> = fc
  .subarray(TEAMS)
  .chain((names) => fc.tuple(...names.map((name) => fc.tuple(spelling(name), membersOf))))
  .map((teams) => teams.map(([name, members]) => ({ name, members: members.map(([username, role]) => ({ username, role })) })));

const desiredStates: fc.Arbitrary<DesiredState> = fc
  .record({ teams: desiredTeams, pruneTeams: fc.boolean(), pruneMemberships: fc.boolean() })
  .map(({ teams, pruneTeams, pruneMemberships }) => ({
    users: [adminBlock(), ...USERS.slice(1).map((name) => desiredUser(name))],
    prune: { users: false, protect: [], teams: pruneTeams, memberships: pruneMemberships },
    teams,
  }));

const serverUsers: ObservedUser[] = USERS.map((name, index) => ({ id: index + 1, username: name, role: index === 0 ? 'admin' : 'standard' }));

const observedStates: fc.Arbitrary<ObservedState> = fc
  .subarray(TEAMS)
  .chain((names) => fc.tuple(...names.map((name) => fc.tuple(spelling(name), fc.subarray(serverUsers), fc.array(teamRole, { minLength: 4, maxLength: 4 })))))
  .map((teams) => {
    let membershipId = 0;
    const observedTeams: ObservedTeam[] = teams.map(([name, users, roles], index) => ({
      id: index + 10,
      name,
      members: users.map((user, position) => ({ membershipId: ++membershipId, userId: user.id, username: user.username, role: roles[position] ?? 'member' })),
    }));
    return { adminExists: true, users: serverUsers, teams: observedTeams };
  });

/** `team/user/role` lines of a state, folded, sorted. */
function membershipLines(teams: readonly { name: string; members: readonly { username: string; role: TeamRole }[] }[]): string[] {
  return teams.flatMap((team) => team.members.map((member) => `${foldUsername(team.name)}/${foldUsername(member.username)}/${member.role}`)).sort();
}

describe('team plan properties', () => {
  it('plans no errors or warnings, in apply order', () => {
    fc.assert(
      fc.property(desiredStates, observedStates, (desired, observed) => {
        const body = diff(desired, observed, context);
        expect(body.problems).toEqual([]);
        expect(body.held).toEqual([]);
        for (let index = 1; index < body.changes.length; index += 1) {
          expect(phaseOf(body.changes[index - 1]!)).toBeLessThanOrEqual(phaseOf(body.changes[index]!));
        }
      }),
    );
  });

  it("applying the plan gives the manifest's teams and members, and what prune leaves", () => {
    fc.assert(
      fc.property(desiredStates, observedStates, (desired, observed) => {
        const after = simulateApply(observed, diff(desired, observed, context).changes, NOW);
        const listed = new Set((desired.teams ?? []).map((team) => foldUsername(team.name)));
        const afterTeams = after.teams ?? [];
        const expectedNames = new Set([...listed, ...(desired.prune.teams ? [] : (observed.teams ?? []).map((team) => foldUsername(team.name)))]);
        expect(new Set(afterTeams.map((team) => foldUsername(team.name)))).toEqual(expectedNames);

        const managed = afterTeams.filter((team) => listed.has(foldUsername(team.name)));
        const wanted = membershipLines(desired.teams ?? []);
        const got = membershipLines(managed);
        if (desired.prune.memberships === false) expect(got).toEqual(expect.arrayContaining(wanted));
        else expect(got).toEqual(wanted);

        // Teams the manifest does not list keep their members untouched.
        const unlisted = (observed.teams ?? []).filter((team) => !listed.has(foldUsername(team.name)));
        if (!desired.prune.teams) expect(membershipLines(afterTeams.filter((team) => unlisted.some((u) => u.id === team.id)))).toEqual(membershipLines(unlisted));
      }),
    );
  });

  it('plans no changes against the state its own plan produces', () => {
    fc.assert(
      fc.property(desiredStates, observedStates, (desired, observed) => {
        const after = simulateApply(observed, diff(desired, observed, context).changes, NOW);
        expect(diff(desired, after, context).changes).toEqual([]);
      }),
    );
  });
});
