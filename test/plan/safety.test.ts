import { describe, expect, it } from 'vitest';
import { diff } from '../../src/plan/index.js';
import {
  adminBlock,
  desiredKey,
  desiredState,
  desiredUser,
  initialAdmin,
  observedKey,
  observedState,
  observedUser,
  planContext,
} from '../support/state-builders.js';
import { codesOf, errorsOf, heldOf, warningsOf } from '../support/problems.js';

const actions = (body: ReturnType<typeof diff>) => body.changes.map((change) => `${change.action} ${change.address}`);

describe('safety: the initial admin and the running identity', () => {
  it('never deletes user Id 1, and says why', () => {
    const body = diff(desiredState([desiredUser('ops', { role: 'admin' })], { users: true }), observedState([initialAdmin(), observedUser(2, 'ops', 'admin')]), planContext({ runningAs: 'ops' }));
    expect(body.changes).toEqual([]);
    expect(heldOf(body)).toEqual(['held.initial-admin delete user.admin']);
    expect(warningsOf(body)).toEqual([expect.objectContaining({ code: 'held.initial-admin', address: 'user.admin', userId: 1, action: 'delete' })]);
  });

  it('never demotes user Id 1', () => {
    const body = diff(desiredState([adminBlock('admin', { role: 'standard' }), desiredUser('ops', { role: 'admin' })]), observedState([initialAdmin(), observedUser(2, 'ops', 'admin')]), planContext({ runningAs: 'ops' }));
    expect(body.changes).toEqual([]);
    expect(heldOf(body)).toEqual(['held.initial-admin update user.admin']);
    expect(warningsOf(body)).toEqual([expect.objectContaining({ code: 'held.initial-admin', role: { from: 'admin', to: 'standard' } })]);
  });

  it('never deletes the identity the tool runs as, compared case-insensitively', () => {
    const body = diff(desiredState([adminBlock()], { users: true }), observedState([initialAdmin(), observedUser(2, 'Ops', 'admin')]), planContext({ runningAs: 'OPS' }));
    expect(body.changes).toEqual([]);
    expect(heldOf(body)).toEqual(['held.running-identity delete user.Ops']);
    expect(codesOf(warningsOf(body))).toEqual(['held.running-identity user.Ops']);
  });

  it('never demotes the identity the tool runs as', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('ops')]), observedState([initialAdmin(), observedUser(2, 'ops', 'admin')]), planContext({ runningAs: 'ops' }));
    expect(body.changes).toEqual([]);
    expect(heldOf(body)).toEqual(['held.running-identity update user.ops']);
  });

  it('still promotes user Id 1 and lets the running identity gain keys', () => {
    const body = diff(
      desiredState([adminBlock('admin', { apiKeys: [desiredKey('ci')] })]),
      observedState([observedUser(1, 'admin', 'standard', []), observedUser(2, 'ops', 'admin')]),
      planContext({ runningAs: 'admin' }),
    );
    expect(actions(body)).toEqual(['update user.admin', 'create user.admin.apiKey[ci]']);
  });
});

describe('safety: prune.protect', () => {
  const server = observedState([
    initialAdmin(),
    observedUser(2, 'Break-Glass-1', 'admin', [observedKey(9, 'emergency')]),
    observedUser(3, 'dave'),
  ]);

  it('never deletes a protected user, matching the glob case-insensitively, and says so', () => {
    const body = diff(desiredState([adminBlock()], { users: true, protect: ['break-glass-*'] }), server, planContext());
    expect(actions(body)).toEqual(['delete user.dave']);
    expect(heldOf(body)).toEqual(['held.protected delete user.Break-Glass-1']);
    expect(warningsOf(body)).toEqual([expect.objectContaining({ code: 'held.protected', username: 'Break-Glass-1', pattern: 'break-glass-*' })]);
  });

  it('never updates a protected user', () => {
    const desired = desiredState([adminBlock(), desiredUser('break-glass-1', { role: 'standard' })], { protect: ['break-glass-?'] });
    const body = diff(desired, server, planContext());
    expect(body.changes).toEqual([]);
    expect(warningsOf(body)).toEqual([
      expect.objectContaining({ code: 'held.protected', address: 'user.break-glass-1', pattern: 'break-glass-?', role: { from: 'admin', to: 'standard' } }),
    ]);
  });

  it("never touches a protected user's keys", () => {
    const desired = desiredState([adminBlock(), desiredUser('break-glass-1', { role: 'admin', apiKeys: [desiredKey('new')] })], { protect: ['break-glass-*'] });
    const body = diff(desired, server, planContext());
    expect(body.changes).toEqual([]);
    expect(heldOf(body)).toEqual(['held.protected create user.break-glass-1.apiKey[new]', 'held.protected delete user.break-glass-1.apiKey[emergency]']);
    expect(codesOf(warningsOf(body))).toEqual(['held.protected user.break-glass-1.apiKey[new]', 'held.protected user.break-glass-1.apiKey[emergency]']);
  });

  it('warns about nothing when no change was skipped', () => {
    const body = diff(desiredState([adminBlock()], { users: false, protect: ['break-glass-*'] }), server, planContext());
    expect(body.problems).toEqual([]);
    expect(body.held).toEqual([]);
  });

  it('creates a listed user whose name is protected, since there is nothing yet to protect', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('break-glass-2')], { protect: ['break-glass-*'] }), server, planContext());
    expect(actions(body)).toEqual(['create user.break-glass-2']);
  });
});

describe('safety: at least one admin', () => {
  it('is an error when the plan would leave no admin', () => {
    const body = diff(
      desiredState([desiredUser('alice', { role: 'standard' })], { users: true }),
      observedState([observedUser(4, 'alice', 'admin'), observedUser(5, 'bob', 'admin')]),
      planContext({ runningAs: 'apikey-user' }),
    );
    expect(actions(body)).toEqual(['update user.alice', 'delete user.bob']);
    expect(codesOf(errorsOf(body))).toEqual(['admin.none-left user.bob']);
    expect(body.applyable).toBe(false);
  });

  it('counts admins created or promoted by the same plan', () => {
    const body = diff(
      desiredState([desiredUser('alice', { role: 'standard' }), desiredUser('carol', { role: 'admin' })], { users: true }),
      observedState([observedUser(4, 'alice', 'admin')]),
      planContext({ runningAs: 'x' }),
    );
    expect(errorsOf(body)).toEqual([]);
  });
});

describe('safety: prune.maxDeletes', () => {
  const server = observedState([initialAdmin(), observedUser(2, 'b'), observedUser(3, 'c'), observedUser(4, 'd'), observedUser(5, 'e')]);

  it('is an error to delete more users than the count allows', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('b')], { users: true, maxDeletes: { count: 2 } }), server, planContext());
    expect(errorsOf(body)).toEqual([
      { severity: 'error', address: 'prune.maxDeletes', code: 'mass-delete.exceeded', deletes: 3, observedUsers: 5, limit: { count: 2 }, byDefault: false },
    ]);
  });

  it('allows deleting exactly the count', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('b'), desiredUser('c')], { users: true, maxDeletes: { count: 2 } }), server, planContext());
    expect(errorsOf(body)).toEqual([]);
  });

  it('measures a percent against the users observed on the server', () => {
    const desired = (names: string[]) => desiredState([adminBlock(), ...names.map((name) => desiredUser(name))], { users: true, maxDeletes: { percent: 40 } });
    expect(errorsOf(diff(desired(['b', 'c', 'd']), server, planContext()))).toEqual([]); // 1 of 5 = 20%
    expect(errorsOf(diff(desired(['b', 'c']), server, planContext()))).toEqual([]); // 2 of 5 = 40%, not more
    expect(errorsOf(diff(desired(['b']), server, planContext()))).toEqual([
      expect.objectContaining({ code: 'mass-delete.exceeded', deletes: 3, observedUsers: 5, limit: { percent: 40 } }),
    ]);
  });

  it('only warns with allowMassDelete', () => {
    const body = diff(desiredState([adminBlock()], { users: true, maxDeletes: { count: 1 } }), server, planContext({ allowMassDelete: true }));
    expect(errorsOf(body)).toEqual([]);
    expect(body.changes).toHaveLength(4);
    expect(codesOf(warningsOf(body))).toEqual(['mass-delete.allowed prune.maxDeletes']);
  });

  it('does not count deletes that a safety rule skipped', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('b'), desiredUser('c')], { users: true, protect: ['d'], maxDeletes: { count: 1 } }), server, planContext());
    expect(errorsOf(body)).toEqual([]);
  });
});

describe('safety: the default mass-delete guard', () => {
  const users = (count: number) => Array.from({ length: count }, (_, index) => observedUser(index + 2, `u${index}`));

  it('needs --allow-mass-delete to delete more than 25% of a server of more than 10 users when the manifest sets no maxDeletes', () => {
    const server = observedState([initialAdmin(), ...users(11)]); // 12 users: 4 deletes is 33%
    const keep = (count: number) => desiredState([adminBlock(), ...users(count).map((user) => desiredUser(user.username))], { users: true });
    expect(errorsOf(diff(keep(8), server, planContext()))).toEqual([]); // 3 of 12 = 25%, not more
    expect(errorsOf(diff(keep(7), server, planContext()))).toEqual([
      expect.objectContaining({ code: 'mass-delete.exceeded', deletes: 4, observedUsers: 12, limit: { percent: 25, aboveUsers: 10 }, byDefault: true }),
    ]);
  });

  it('lets a server of 10 users or fewer lose them all', () => {
    const server = observedState([initialAdmin(), ...users(9)]);
    expect(errorsOf(diff(desiredState([adminBlock()], { users: true }), server, planContext()))).toEqual([]);
  });
});

describe('safety: what the server says is checked', () => {
  it('is an error, naming both, when two users share an Id or a folded name, and nothing is applyable', () => {
    const twins = observedState([initialAdmin(), observedUser(2, 'bob'), observedUser(2, 'carol'), observedUser(3, 'Dave'), observedUser(4, 'dave')]);
    const body = diff(desiredState([adminBlock(), desiredUser('bob')], { users: true }), twins, planContext());
    expect(errorsOf(body)).toEqual(
      expect.arrayContaining([
        { severity: 'error', address: 'user.carol', code: 'observed.duplicate-id', what: 'user', id: 2, names: ['bob', 'carol'] },
        { severity: 'error', address: 'user.dave', code: 'observed.duplicate-name', what: 'user', names: ['Dave', 'dave'] },
      ]),
    );
    expect(body.applyable).toBe(false);
  });

  it('is an error when two keys share an Id', () => {
    const server = observedState([initialAdmin(), observedUser(2, 'bob', 'standard', [observedKey(7, 'a')]), observedUser(3, 'eve', 'standard', [observedKey(7, 'b')])]);
    const body = diff(desiredState([adminBlock(), desiredUser('bob', { apiKeys: [] }), desiredUser('eve', { apiKeys: [] })]), server, planContext());
    expect(codesOf(errorsOf(body))).toEqual(['observed.duplicate-id user.eve']);
  });
});
