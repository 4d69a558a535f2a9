import { describe, expect, it } from 'vitest';
import type { DesiredState, ObservedState } from '../../src/plan/types/index.js';
import {
  adminBlock,
  desiredState,
  desiredTeam,
  desiredUser,
  initialAdmin,
  observedState,
  observedTeam,
  observedUser,
} from '../support/state-builders.js';
import { reportOf, teamsReport } from './reports.js';

const carol = observedUser(2, 'carol');

function withTeams(desired: DesiredState, teams: DesiredState['teams']): DesiredState {
  return { ...desired, teams };
}

function observedWith(users: ObservedState['users'], teams: ObservedState['teams']): ObservedState {
  return { ...observedState(users), teams };
}

describe('detectDrift for teams', () => {
  it('frames every team change as drift with the new kinds', () => {
    expect(teamsReport().drift.map((item) => `${item.kind} ${item.address}`)).toEqual([
      'team-missing team.developers',
      'member-missing team.developers.member[admin]',
      'team-unexpected team.legacy',
      'member-missing team.ops.member[admin]',
      'member-role-changed team.ops.member[carol]',
      'member-unexpected team.ops.member[dave]',
    ]);
  });

  it('names the team on every team item and the member on membership items only', () => {
    const [team, member] = teamsReport().drift;
    expect(team).toEqual({
      address: 'team.developers',
      kind: 'team-missing',
      team: 'developers',
      expected: { name: 'developers' },
      actual: null,
      remedy: 'create',
    });
    expect(member).toMatchObject({ team: 'developers', username: 'admin', expected: { username: 'admin', role: 'leader' }, actual: null });
  });

  it('says what a role change and a pruned team hold on each side', () => {
    const report = teamsReport();
    expect(report.drift.find((item) => item.kind === 'member-role-changed')).toMatchObject({
      expected: { role: 'leader' },
      actual: { role: 'member' },
      remedy: 'update',
    });
    const pruned = report.drift.find((item) => item.kind === 'team-unexpected');
    expect(pruned).toMatchObject({ actual: { name: 'legacy', members: 2 }, expected: null, remedy: 'delete' });
  });

  it("counts a protected user's kept-back membership as held drift", () => {
    const report = teamsReport();
    expect(report.held).toEqual([expect.objectContaining({ address: 'team.ops.member[break-glass-1]', code: 'held.protected', action: 'delete', pattern: 'break-glass-*' })]);
    expect(report.summary.held).toBe(1);
  });

  it('does not count the warning about a member who exists only on the server as drift', () => {
    const zed = observedUser(3, 'zed');
    const desired = withTeams(desiredState([adminBlock(), desiredUser('carol')]), [desiredTeam('ops', { carol: 'leader', zed: 'member' })]);
    const observed = observedWith([initialAdmin(), carol, zed], [observedTeam(1, 'ops', [[carol, 'leader'], [zed, 'member']])]);
    const report = reportOf(desired, observed);
    expect(report).toMatchObject({ status: 'in-sync', drift: [], held: [] });
    expect(report.unmanaged.map((user) => user.username)).toEqual(['zed']);
  });

  it('keeps the whole address of a held membership when the team and member names hold ": "', () => {
    const odd = observedUser(3, 'bg: x', 'admin');
    const desired = withTeams(desiredState([adminBlock(), desiredUser('carol')], { protect: ['bg*'] }), [desiredTeam('ops: eu', { carol: 'member' })]);
    const observed = observedWith([initialAdmin(), carol, odd], [observedTeam(1, 'ops: eu', [[carol, 'member'], [odd, 'member']])]);
    expect(reportOf(desired, observed).held).toEqual([expect.objectContaining({ address: 'team.ops: eu.member[bg: x]', code: 'held.protected', username: 'bg: x' })]);
  });

  it('keeps the whole address of a held membership when the member name holds "]: "', () => {
    const odd = observedUser(3, 'bg]: x', 'admin');
    const desired = withTeams(desiredState([adminBlock(), desiredUser('carol')], { protect: ['bg*'] }), [desiredTeam('ops', { carol: 'member' })]);
    const observed = observedWith([initialAdmin(), carol, odd], [observedTeam(1, 'ops', [[carol, 'member'], [odd, 'member']])]);
    expect(reportOf(desired, observed).held.map((held) => held.address)).toEqual(['team.ops.member[bg]: x]']);
  });

  it('lists server teams the manifest does not list apart, not as drift, while prune.teams is off', () => {
    const desired = withTeams(desiredState([adminBlock(), desiredUser('carol')]), [desiredTeam('ops', { carol: 'member' })]);
    const observed = observedWith(
      [initialAdmin(), carol],
      [observedTeam(1, 'ops', [[carol, 'member']]), observedTeam(2, 'Zeta'), observedTeam(3, 'alpha', [[carol, 'leader']])],
    );
    const report = reportOf(desired, observed);
    expect(report.status).toBe('in-sync');
    expect(report.unmanagedTeams).toEqual([
      { id: 3, name: 'alpha', members: 1, reason: { code: 'prune-off' } },
      { id: 2, name: 'Zeta', members: 0, reason: { code: 'prune-off' } },
    ]);
    expect(report.summary.unmanagedTeams).toBe(2);
  });

  it('has no unmanaged teams when the manifest names no team (teams are not read)', () => {
    const report = reportOf(desiredState([adminBlock()]), observedState([initialAdmin()]));
    expect(report.unmanagedTeams).toEqual([]);
    expect(report.summary.unmanagedTeams).toBe(0);
  });

  it('is in sync when the teams match, even for a team name that differs only in case', () => {
    const desired = withTeams(desiredState([adminBlock(), desiredUser('Carol')]), [desiredTeam('OPS', { Carol: 'leader' })]);
    const observed = observedWith([initialAdmin(), carol], [observedTeam(1, 'ops', [[carol, 'leader']])]);
    expect(reportOf(desired, observed)).toMatchObject({ status: 'in-sync', drift: [], held: [], unmanagedTeams: [] });
  });
});
