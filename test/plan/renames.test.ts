import { describe, expect, it } from 'vitest';
import { diff } from '../../src/plan/make-plan.js';
import type { DesiredState, DesiredUser, ObservedState } from '../../src/plan/types/index.js';
import { codesOf, errorsOf, heldOf, warningsOf } from '../support/problems.js';
import {
  adminBlock,
  desiredKey,
  desiredState,
  desiredTeam,
  desiredUser,
  initialAdmin,
  observedKey,
  observedState,
  observedTeam,
  observedUser,
  planContext,
} from '../support/state-builders.js';

/** `previously`: renames in place, asserted as codes and data. */

const admin = initialAdmin();
const bob = observedUser(2, 'bob', 'standard', [observedKey(11, 'deploy')]);
const carol = observedUser(3, 'carol');

/** robert, who was bob, with its path as the manifest gives it (users[0]). */
function robert(overrides: Partial<DesiredUser> = {}): DesiredUser {
  return desiredUser('robert', { previously: ['bob'], path: ['users', 0], apiKeys: [desiredKey('deploy')], ...overrides });
}

const plan = (desired: DesiredState, observed: ObservedState) => diff(desired, observed, planContext());
const actions = (body: ReturnType<typeof plan>) => body.changes.map((change) => `${change.action} ${change.address}`);

describe('renaming a user in place', () => {
  it('is one update of the username, first after admin init, keyed by the Id, and nothing else', () => {
    const body = plan(desiredState([adminBlock(), robert()], { users: true }), observedState([admin, bob]));
    expect(errorsOf(body)).toEqual([]);
    expect(body.changes).toEqual([
      { address: 'user.robert', kind: 'user', action: 'update', userId: 2, username: 'robert', before: { username: 'bob' }, after: { username: 'robert' }, fields: ['username'] },
    ]);
    expect(body.summary).toEqual({ create: 0, update: 1, replace: 0, delete: 0 });
  });

  it('comes before every other change, which names the user by its new name and its Id', () => {
    const desired = { ...desiredState([adminBlock(), robert({ role: 'admin', apiKeys: [desiredKey('deploy'), desiredKey('laptop')] })]), teams: [desiredTeam('ops', { robert: 'member' })] };
    const observed = { ...observedState([admin, bob]), teams: [observedTeam(7, 'ops', [[bob, 'member']])] };
    const body = plan(desired, observed);
    expect(actions(body)).toEqual(['update user.robert', 'update user.robert', 'create user.robert.apiKey[laptop]']);
    expect(body.changes[1]).toMatchObject({ userId: 2, username: 'robert', fields: ['role'], after: { role: 'admin' } });
    expect(body.changes[2]).toMatchObject({ username: 'robert' });
  });

  it('renames the admin block too', () => {
    const body = plan(desiredState([adminBlock('root', { previously: ['admin'], path: ['admin'] })]), observedState([admin]));
    expect(body.changes).toMatchObject([{ kind: 'user', userId: 1, before: { username: 'admin' }, after: { username: 'root' } }]);
    expect(body.problems).toEqual([]);
  });

  it('is no change once done: previously is harmless, and a name differing only in case is the same user', () => {
    expect(plan(desiredState([adminBlock(), robert()], { users: true }), observedState([admin, { ...bob, username: 'Robert' }])).changes).toEqual([]);
    expect(plan(desiredState([adminBlock(), robert({ previously: ['BOB'] })]), observedState([admin, bob])).changes).toHaveLength(1);
  });

  it('never prunes a user named on previously, even where the rename is an error', () => {
    const robertOnServer = observedUser(4, 'robert', 'standard', [observedKey(12, 'deploy')]);
    const body = plan(desiredState([adminBlock(), robert()], { users: true }), observedState([admin, bob, robertOnServer, carol]));
    expect(actions(body)).toEqual(['delete user.carol']);
    expect(codesOf(errorsOf(body))).toEqual(['rename.name-taken user.robert']);
    expect(errorsOf(body)[0]).toMatchObject({ what: 'user', name: 'robert', previous: 'bob', path: ['users', 0, 'previously', 0] });
  });

  it('counts no rename as a delete for prune.maxDeletes', () => {
    const body = plan(desiredState([adminBlock(), robert()], { users: true, maxDeletes: { count: 0 } }), observedState([admin, bob]));
    expect(body.problems).toEqual([]);
    expect(body.applyable).toBe(true);
  });

  it('is an error when an earlier name is also an entry, or two entries claim it, or the server has two of them', () => {
    const listed = plan(desiredState([adminBlock(), robert(), desiredUser('bob')]), observedState([admin, bob]));
    expect(codesOf(errorsOf(listed))).toEqual(['rename.previous-listed user.robert']);
    const claimed = plan(desiredState([adminBlock(), robert(), desiredUser('bobby', { previously: ['Bob'], path: ['users', 1] })]), observedState([admin, bob]));
    expect(errorsOf(claimed)).toMatchObject([{ code: 'rename.previous-claimed', address: 'user.bobby', previous: 'Bob', names: ['robert', 'bobby'], path: ['users', 1, 'previously', 0] }]);
    const twice = plan(desiredState([adminBlock(), robert({ previously: ['bob', 'carol'] })]), observedState([admin, bob, carol]));
    expect(errorsOf(twice)).toMatchObject([{ code: 'rename.ambiguous', previous: ['bob', 'carol'], path: ['users', 0, 'previously'] }]);
    for (const body of [listed, twice]) expect(body.applyable).toBe(false);
    // Nothing says whether such an entry is new: it is not created, nor its keys.
    expect(actions(listed)).toEqual([]);
    expect(actions(claimed)).toEqual(['update user.robert']);
    expect(actions(twice)).toEqual([]);
    expect(claimed.applyable).toBe(false);
  });

  it('holds the rename of a protected user, and every change that names it by its new name', () => {
    const desired = { ...desiredState([adminBlock(), robert({ role: 'admin', apiKeys: [desiredKey('deploy'), desiredKey('laptop')] })], { protect: ['bob'] }) };
    const body = plan(desired, observedState([admin, bob]));
    expect(body.changes).toEqual([]);
    expect(heldOf(body)).toEqual([
      'held.protected update user.robert',
      'held.protected update user.robert',
      'held.protected create user.robert.apiKey[laptop]',
    ]);
  });

  it('warns on an LDAP or OAuth Portainer, where the directory login must be the new name, but not for user Id 1', () => {
    const observed = { ...observedState([admin, bob]), authentication: { method: 'ldap' as const, teamSync: false } };
    const body = plan(desiredState([adminBlock('root', { previously: ['admin'], path: ['admin'] }), robert({ apiKeys: undefined, password: { given: false } })]), observed);
    expect(codesOf(warningsOf(body))).toEqual(['rename.directory-login user.robert']);
    expect(warningsOf(body)[0]).toMatchObject({ username: 'robert', previous: 'bob', method: 'ldap' });
  });
});

describe('renaming a team in place', () => {
  const developers = observedTeam(7, 'devs', [[bob, 'member']]);

  it('is one update of its name; its memberships and grants stay', () => {
    const desired = { ...desiredState([adminBlock(), desiredUser('bob')]), teams: [{ ...desiredTeam('developers', { bob: 'member' }), previously: ['devs'], path: ['teams', 0] }] };
    const body = plan(desired, { ...observedState([admin, bob]), teams: [developers] });
    expect(body.changes).toEqual([
      { address: 'team.developers', kind: 'team', action: 'update', teamId: 7, before: { name: 'devs' }, after: { name: 'developers' }, fields: ['name'] },
    ]);
  });

  it('is an error to a name another team has (Portainer would not refuse it); prune.teams never deletes the earlier name', () => {
    const desired = { ...desiredState([adminBlock(), desiredUser('bob')], { teams: true }), teams: [{ ...desiredTeam('developers'), previously: ['devs'], path: ['teams', 0] }] };
    const body = plan(desired, { ...observedState([admin, bob]), teams: [developers, observedTeam(8, 'Developers')] });
    expect(codesOf(errorsOf(body))).toEqual(['rename.name-taken team.developers']);
    expect(actions(body)).not.toContain('delete team.devs');
  });

  it('warns when LDAP group sync fills teams by name', () => {
    const desired = { ...desiredState([adminBlock(), desiredUser('bob')]), teams: [{ ...desiredTeam('developers', { bob: 'member' }), previously: ['devs'], path: ['teams', 0] }] };
    const body = plan(desired, { ...observedState([admin, bob]), teams: [developers], authentication: { method: 'ldap', teamSync: true } });
    expect(codesOf(warningsOf(body))).toEqual(['rename.team-sync team.developers']);
  });
});
