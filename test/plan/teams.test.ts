import { describe, expect, it } from 'vitest';
import { diff } from '../../src/plan/index.js';
import type { DesiredState, DesiredTeam, ObservedState, ObservedTeam, PrunePolicy } from '../../src/plan/types/index.js';
import {
  adminBlock,
  desiredState,
  desiredTeam,
  desiredUser,
  freshServer,
  initialAdmin,
  observedState,
  observedTeam,
  observedUser,
  planContext,
} from '../support/state-builders.js';
import { codesOf, errorsOf, heldOf, warningsOf } from '../support/problems.js';

const admin = initialAdmin();
const alice = observedUser(2, 'alice');
const bob = observedUser(3, 'bob');

function withTeams(teams: DesiredTeam[], prune: Partial<PrunePolicy> = {}, users = [adminBlock(), desiredUser('alice'), desiredUser('bob')]): DesiredState {
  return { ...desiredState(users, prune), teams };
}

function serverWith(teams: ObservedTeam[], users = [admin, alice, bob]): ObservedState {
  return { ...observedState(users), teams };
}

const addressesOf = (desired: DesiredState, observed: ObservedState) => diff(desired, observed, planContext()).changes.map((change) => change.address);

describe('teams: creates and memberships', () => {
  it('creates a team after its users and before its members join, on a fresh server', () => {
    const desired = withTeams([desiredTeam('developers', { alice: 'leader', bob: 'member' })]);
    const plan = diff(desired, freshServer(), planContext({ runningAs: undefined }));
    expect(errorsOf(plan)).toEqual([]);
    expect(plan.changes.map((change) => `${change.action} ${change.address}`)).toEqual([
      'create admin',
      'create user.alice',
      'create user.bob',
      'create team.developers',
      'create team.developers.member[alice]',
      'create team.developers.member[bob]',
    ]);
    expect(plan.changes[4]).toEqual({
      address: 'team.developers.member[alice]',
      kind: 'team-membership',
      action: 'create',
      team: 'developers',
      username: 'alice',
      before: null,
      after: { role: 'leader' },
    });
    expect(plan.summary).toEqual({ create: 6, update: 0, replace: 0, delete: 0 });
  });

  it('plans nothing when the server matches, whatever the case of team and user names', () => {
    const desired = withTeams([desiredTeam('Developers', { ALICE: 'leader', bob: 'member' })]);
    const observed = serverWith([observedTeam(7, 'developers', [[alice, 'leader'], [bob, 'member']])]);
    expect(diff(desired, observed, planContext())).toMatchObject({ changes: [], problems: [], held: [] });
  });

  it('changes a member role in place, with the ids apply needs', () => {
    const desired = withTeams([desiredTeam('developers', { alice: 'leader', bob: 'leader' })]);
    const observed = serverWith([observedTeam(7, 'developers', [[alice, 'leader'], [bob, 'member']])]);
    expect(diff(desired, observed, planContext()).changes).toEqual([
      {
        address: 'team.developers.member[bob]',
        kind: 'team-membership',
        action: 'update',
        team: 'developers',
        username: 'bob',
        membershipId: 701,
        teamId: 7,
        userId: 3,
        before: { role: 'member' },
        after: { role: 'leader' },
        fields: ['role'],
      },
    ]);
  });

  it('adds a missing member to an existing team', () => {
    const desired = withTeams([desiredTeam('developers', { alice: 'leader', bob: 'member' })]);
    const observed = serverWith([observedTeam(7, 'developers', [[alice, 'leader']])]);
    expect(addressesOf(desired, observed)).toEqual(['team.developers.member[bob]']);
  });
});

describe('teams: pruning', () => {
  const observed = serverWith([observedTeam(7, 'developers', [[alice, 'leader'], [bob, 'member']]), observedTeam(8, 'ops', [[bob, 'member']])]);
  const desired = (prune: Partial<PrunePolicy> = {}) => withTeams([desiredTeam('developers', { alice: 'leader' })], prune);

  it('removes members a listed team has on the server but not in the manifest, by default', () => {
    const changes = diff(desired(), observed, planContext()).changes;
    expect(changes).toEqual([
      expect.objectContaining({ address: 'team.developers.member[bob]', action: 'delete', membershipId: 701, teamId: 7, userId: 3, before: { role: 'member' } }),
    ]);
  });

  it('leaves unlisted members alone with prune.memberships false, and unlisted teams alone by default', () => {
    expect(addressesOf(desired({ memberships: false }), observed)).toEqual([]);
  });

  it('deletes unlisted teams with prune.teams, memberships going with them (not planned one by one)', () => {
    const changes = diff(desired({ teams: true, memberships: false }), observed, planContext()).changes;
    expect(changes).toEqual([{ address: 'team.ops', kind: 'team', action: 'delete', teamId: 8, before: { name: 'ops', members: 1 }, after: null }]);
  });

  it('deletes every team with prune.teams and an empty teams list', () => {
    expect(addressesOf(withTeams([], { teams: true }), observed)).toEqual(['team.developers', 'team.ops']);
  });

  it('removes memberships before teams and users are deleted', () => {
    const carol = observedUser(4, 'carol');
    const server = serverWith([observedTeam(7, 'developers', [[carol, 'member']]), observedTeam(8, 'ops')], [admin, alice, bob, carol]);
    const plan = diff(withTeams([desiredTeam('developers')], { users: true, teams: true }), server, planContext());
    expect(plan.changes.map((change) => `${change.action} ${change.address}`)).toEqual([
      'delete team.developers.member[carol]',
      'delete team.ops',
      'delete user.carol',
    ]);
  });

  it('changes no team at all when the manifest names none', () => {
    const desiredWithoutTeams = desiredState([adminBlock(), desiredUser('alice'), desiredUser('bob')], { teams: true });
    expect(addressesOf(desiredWithoutTeams, serverWith([observedTeam(8, 'ops', [[bob, 'member']])]))).toEqual([]);
  });
});

describe('teams: usernames the manifest does not list', () => {
  const users = [adminBlock(), desiredUser('alice')];

  it('is an error when the user is nowhere', () => {
    const plan = diff(withTeams([desiredTeam('developers', { zoe: 'member' })], {}, users), serverWith([], [admin, alice]), planContext());
    expect(codesOf(errorsOf(plan))).toEqual(['team.member-unknown team.developers.member[zoe]']);
    expect(plan.changes.map((change) => change.address)).toEqual(['team.developers']);
  });

  it('is a warning when the user exists on the server and prune.users is off, and the membership is planned', () => {
    const plan = diff(withTeams([desiredTeam('developers', { Bob: 'member' })], {}, users), serverWith([], [admin, alice, bob]), planContext());
    expect(errorsOf(plan)).toEqual([]);
    expect(warningsOf(plan)).toEqual([expect.objectContaining({ code: 'team.member-server-only', address: 'team.developers.member[Bob]', team: 'developers', username: 'Bob' })]);
    expect(plan.changes.map((change) => change.address)).toEqual(['team.developers', 'team.developers.member[Bob]']);
  });

  it('is an error when the user exists on the server but prune.users would delete it', () => {
    const plan = diff(withTeams([desiredTeam('developers', { bob: 'member' })], { users: true }, users), serverWith([], [admin, alice, bob]), planContext());
    expect(codesOf(errorsOf(plan))).toEqual(['team.member-would-be-pruned team.developers.member[bob]']);
  });
});

describe('teams: safety', () => {
  it('holds back membership changes of protected users, with a warning', () => {
    const breakGlass = observedUser(9, 'break-glass-1');
    const server = serverWith([observedTeam(7, 'developers', [[breakGlass, 'member']])], [admin, alice, bob, breakGlass]);
    const plan = diff(withTeams([desiredTeam('developers', { 'break-glass-1': 'leader' })], { protect: ['break-glass-*'] }), server, planContext());
    expect(plan.changes).toEqual([]);
    expect(codesOf(warningsOf(plan))).toEqual(['team.member-server-only team.developers.member[break-glass-1]', 'held.protected team.developers.member[break-glass-1]']);
    expect(heldOf(plan)).toEqual(['held.protected update team.developers.member[break-glass-1]']);
  });
});
