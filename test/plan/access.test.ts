import { describe, expect, it } from 'vitest';
import { diff } from '../../src/plan/make-plan.js';
import type { DesiredAccessHolder, DesiredState, ObservedAccess, ObservedAccessHolder, ObservedState } from '../../src/plan/types/index.js';
import { BUSINESS_EDITION_ROLES, desiredState, desiredUser, initialAdmin, observedState, observedUser, planContext } from '../support/state-builders.js';

/** The planner's rules for environment access, asserted as codes and data. */

function environment(id: number, name: string, users: [number, number][] = [], teams: [number, number][] = []): ObservedAccessHolder {
  const grants = (list: [number, number][]) => list.map(([grantee, roleId]) => ({ id: grantee, roleId }));
  return { scope: 'environment', id, name, users: grants(users), teams: grants(teams) };
}

function holder(name: string, users: DesiredAccessHolder['users'] = [], teams: DesiredAccessHolder['teams'] = [], scope: 'environment' | 'group' = 'environment'): DesiredAccessHolder {
  return { scope, name, users, teams };
}

function world(access: DesiredAccessHolder[], observedAccess: Partial<ObservedAccess>, prune: Partial<DesiredState['prune']> = {}): { desired: DesiredState; observed: ObservedState } {
  const desired: DesiredState = { ...desiredState([desiredUser('alice'), desiredUser('newbie')], prune), teams: [{ name: 'ops', members: [] }], access };
  const observed: ObservedState = {
    ...observedState([initialAdmin(), observedUser(2, 'alice'), observedUser(3, 'bob')]),
    teams: [{ id: 7, name: 'ops', members: [] }],
    access: { holders: [], roles: BUSINESS_EDITION_ROLES, ...observedAccess },
  };
  return { desired, observed };
}

function plan(access: DesiredAccessHolder[], observedAccess: Partial<ObservedAccess>, prune: Partial<DesiredState['prune']> = {}) {
  const { desired, observed } = world(access, observedAccess, prune);
  return diff(desired, observed, planContext());
}

const grants = (body: ReturnType<typeof plan>) => body.changes.filter((change) => change.kind === 'environment-access' || change.kind === 'group-access');
const codes = (body: ReturnType<typeof plan>) => body.problems.map((problem) => `${problem.code} ${problem.address}`);

describe('environment access', () => {
  it('grants with Business Edition role ids, by slug and by exact name (case-insensitive)', () => {
    const body = plan([holder('prod', [{ name: 'Alice', role: 'operator' }], [{ name: 'ops', role: 'read-only user' }])], { holders: [environment(10, 'prod')] });
    expect(grants(body)).toEqual([
      { address: 'environment.prod.team[ops]', kind: 'environment-access', action: 'create', resourceId: 10, resource: 'prod', principal: 'team', name: 'ops', principalId: 7, before: null, after: { role: 'read-only', roleId: 4 } },
      { address: 'environment.prod.user[Alice]', kind: 'environment-access', action: 'create', resourceId: 10, resource: 'prod', principal: 'user', name: 'Alice', principalId: 2, before: null, after: { role: 'operator', roleId: 5 } },
    ]);
  });

  it('grants a user the apply creates without an id, and in the phase after user and team creates', () => {
    const body = plan([holder('prod', [{ name: 'newbie' }])], { holders: [environment(10, 'prod')] });
    const names = body.changes.map((change) => `${change.kind} ${change.action} ${change.address}`);
    expect(names).toEqual(['user create user.newbie', 'environment-access create environment.prod.user[newbie]']);
    expect(body.changes[1]).not.toHaveProperty('principalId');
  });

  it('plans a role change on Business Edition and nothing for a grant already right', () => {
    const body = plan([holder('prod', [{ name: 'alice', role: 'environment-admin' }, { name: 'bob' }])], { holders: [environment(10, 'prod', [[2, 4], [3, 3]])] });
    expect(grants(body)).toEqual([
      expect.objectContaining({ address: 'environment.prod.user[alice]', action: 'update', principalId: 2, before: { role: 'read-only', roleId: 4 }, after: { role: 'environment-admin', roleId: 1 }, fields: ['role'] }),
    ]);
  });

  it('on Community Edition writes RoleId 3, never compares RoleId, and warns of a role it cannot give', () => {
    const body = plan([holder('prod', [{ name: 'alice', role: 'operator' }, { name: 'bob' }])], { holders: [environment(10, 'prod', [[3, 0]])], roles: [] });
    expect(grants(body)).toEqual([expect.objectContaining({ address: 'environment.prod.user[alice]', action: 'create', after: { role: 'access', roleId: 3 } })]);
    expect(codes(body)).toEqual(['access.role-ignored environment.prod.user[alice]']);
  });

  it('removes unlisted grants and orphans with prune.access, and keeps them (orphans warned of) without it', () => {
    const observedAccess = { holders: [environment(10, 'prod', [[2, 3], [3, 3], [99, 3]], [[7, 3], [55, 1]])] };
    const pruned = plan([holder('prod', [{ name: 'alice' }])], observedAccess);
    expect(grants(pruned).map((change) => change.address)).toEqual([
      'environment.prod.team[#55]',
      'environment.prod.team[ops]',
      'environment.prod.user[#99]',
      'environment.prod.user[bob]',
    ]);
    expect(grants(pruned)[0]).toMatchObject({ action: 'delete', principalId: 55, orphan: true, before: { role: 'environment-admin', roleId: 1 } });
    const kept = plan([holder('prod', [{ name: 'alice' }])], observedAccess, { access: false });
    expect(grants(kept)).toEqual([]);
    expect(codes(kept)).toEqual(['access.orphan environment.prod.user[#99]', 'access.orphan environment.prod.team[#55]']);
  });

  it('never looks at an environment the manifest does not list', () => {
    const body = plan([holder('prod', [{ name: 'alice' }])], { holders: [environment(10, 'prod', [[2, 3]]), environment(11, 'lab', [[3, 3]])] });
    expect(grants(body)).toEqual([]);
  });

  it('refuses an unknown environment, an unknown group, an ambiguous group, an unknown user or team, a user prune would delete, an unknown role', () => {
    const group = (id: number): ObservedAccessHolder => ({ ...environment(id, 'twins'), scope: 'group' });
    const body = plan(
      [
        holder('nowhere', [{ name: 'alice' }]),
        holder('prod', [{ name: 'mallory' }, { name: 'bob' }, { name: 'alice', role: 'boss' }], [{ name: 'ghosts' }]),
        holder('missing', [], [], 'group'),
        holder('twins', [], [], 'group'),
      ],
      { holders: [environment(10, 'prod'), group(2), group(3)] },
      { users: true },
    );
    // Errors by address, then warnings (user Id 1 is not in the manifest, so prune would delete it: held).
    expect(codes(body)).toEqual([
      'access.environment-unknown environment.nowhere',
      'access.principal-unknown environment.prod.team[ghosts]',
      'access.role-unknown environment.prod.user[alice]',
      'access.principal-would-be-pruned environment.prod.user[bob]',
      'access.principal-unknown environment.prod.user[mallory]',
      'access.group-unknown environmentGroup.missing',
      'access.group-ambiguous environmentGroup.twins',
      'held.initial-admin user.admin',
    ]);
    expect(body.applyable).toBe(false);
    expect(body.problems.find((problem) => problem.code === 'access.group-ambiguous')).toMatchObject({ ids: [2, 3] });
  });

  it('holds back changes to the grants of a protected user', () => {
    const body = plan([holder('prod', [])], { holders: [environment(10, 'prod', [[3, 3]])] }, { protect: ['b*'] });
    expect(grants(body)).toEqual([]);
    expect(body.held.map((held) => `${held.code} ${held.change.address}`)).toEqual(['held.protected environment.prod.user[bob]']);
  });

  it('waits for the admin on a fresh server: a warning, no change', () => {
    const { desired } = world([holder('prod', [{ name: 'alice' }])], {});
    const body = diff({ ...desired, users: [{ ...desiredUser('admin'), role: 'admin', bootstrapAdmin: true }, ...desired.users] }, { adminExists: false, users: [] }, planContext({ runningAs: 'admin' }));
    expect(body.changes.some((change) => change.kind === 'environment-access')).toBe(false);
    expect(codes(body)).toContain('access.after-admin-init admin');
  });
});
