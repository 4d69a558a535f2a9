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

const actions = (body: ReturnType<typeof diff>) => body.changes.map((change) => `${change.action} ${change.address}`);

describe('safety: the initial admin and the running identity', () => {
  it('never deletes user Id 1, and says why', () => {
    const body = diff(desiredState([desiredUser('ops', { role: 'admin' })], { users: true }), observedState([initialAdmin(), observedUser(2, 'ops', 'admin')]), planContext({ runningAs: 'ops' }));
    expect(body.changes).toEqual([]);
    expect(body.warnings).toEqual(["user.admin: not deleted: it is Portainer's initial administrator (Id 1), which is never deleted or demoted"]);
  });

  it('never demotes user Id 1', () => {
    const body = diff(desiredState([adminBlock('admin', { role: 'standard' }), desiredUser('ops', { role: 'admin' })]), observedState([initialAdmin(), observedUser(2, 'ops', 'admin')]), planContext({ runningAs: 'ops' }));
    expect(body.changes).toEqual([]);
    expect(body.warnings).toEqual([`user.admin: role not changed from "admin" to "standard": it is Portainer's initial administrator (Id 1), which is never deleted or demoted`]);
  });

  it('never deletes the identity the tool runs as, compared case-insensitively', () => {
    const body = diff(desiredState([adminBlock()], { users: true }), observedState([initialAdmin(), observedUser(2, 'Ops', 'admin')]), planContext({ runningAs: 'OPS' }));
    expect(body.changes).toEqual([]);
    expect(body.warnings).toEqual(['user.Ops: not deleted: it is the identity this tool runs as, which is never deleted or demoted']);
  });

  it('never demotes the identity the tool runs as', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('ops')]), observedState([initialAdmin(), observedUser(2, 'ops', 'admin')]), planContext({ runningAs: 'ops' }));
    expect(body.changes).toEqual([]);
    expect(body.warnings).toHaveLength(1);
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
    expect(body.warnings).toEqual(['user.Break-Glass-1: not deleted: user Break-Glass-1 matches prune.protect pattern "break-glass-*"']);
  });

  it('never updates a protected user', () => {
    const desired = desiredState([adminBlock(), desiredUser('break-glass-1', { role: 'standard' })], { protect: ['break-glass-?'] });
    const body = diff(desired, server, planContext());
    expect(body.changes).toEqual([]);
    expect(body.warnings).toEqual(['user.break-glass-1: role not changed from "admin" to "standard": user Break-Glass-1 matches prune.protect pattern "break-glass-?"']);
  });

  it("never touches a protected user's keys", () => {
    const desired = desiredState([adminBlock(), desiredUser('break-glass-1', { role: 'admin', apiKeys: [desiredKey('new')] })], { protect: ['break-glass-*'] });
    const body = diff(desired, server, planContext());
    expect(body.changes).toEqual([]);
    expect(body.warnings).toEqual([
      'user.break-glass-1.apiKey[new]: not created: user Break-Glass-1 matches prune.protect pattern "break-glass-*"',
      'user.break-glass-1.apiKey[emergency]: not deleted: user Break-Glass-1 matches prune.protect pattern "break-glass-*"',
    ]);
  });

  it('warns about nothing when no change was skipped', () => {
    const body = diff(desiredState([adminBlock()], { users: false, protect: ['break-glass-*'] }), server, planContext());
    expect(body.warnings).toEqual([]);
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
    expect(body.errors).toEqual([
      { address: 'user.bob', message: 'the plan would leave Portainer without an administrator; keep at least one user with role admin in the manifest' },
    ]);
  });

  it('counts admins created or promoted by the same plan', () => {
    const body = diff(
      desiredState([desiredUser('alice', { role: 'standard' }), desiredUser('carol', { role: 'admin' })], { users: true }),
      observedState([observedUser(4, 'alice', 'admin')]),
      planContext({ runningAs: 'x' }),
    );
    expect(body.errors).toEqual([]);
  });
});

describe('safety: prune.maxDeletes', () => {
  const server = observedState([initialAdmin(), observedUser(2, 'b'), observedUser(3, 'c'), observedUser(4, 'd'), observedUser(5, 'e')]);

  it('is an error to delete more users than the count allows', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('b')], { users: true, maxDeletes: { count: 2 } }), server, planContext());
    expect(body.errors).toEqual([
      {
        address: 'prune.maxDeletes',
        message: 'the plan deletes 3 users, more than prune.maxDeletes allows (2); check the manifest, then give --allow-mass-delete to apply it',
      },
    ]);
  });

  it('allows deleting exactly the count', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('b'), desiredUser('c')], { users: true, maxDeletes: { count: 2 } }), server, planContext());
    expect(body.errors).toEqual([]);
  });

  it('measures a percent against the users observed on the server', () => {
    const desired = (names: string[]) => desiredState([adminBlock(), ...names.map((name) => desiredUser(name))], { users: true, maxDeletes: { percent: 40 } });
    expect(diff(desired(['b', 'c', 'd']), server, planContext()).errors).toEqual([]); // 1 of 5 = 20%
    expect(diff(desired(['b', 'c']), server, planContext()).errors).toEqual([]); // 2 of 5 = 40%, not more
    expect(diff(desired(['b']), server, planContext()).errors).toEqual([
      {
        address: 'prune.maxDeletes',
        message: 'the plan deletes 3 users of 5 (60%), more than prune.maxDeletes allows (40%); check the manifest, then give --allow-mass-delete to apply it',
      },
    ]);
  });

  it('only warns with allowMassDelete', () => {
    const body = diff(desiredState([adminBlock()], { users: true, maxDeletes: { count: 1 } }), server, planContext({ allowMassDelete: true }));
    expect(body.errors).toEqual([]);
    expect(body.changes).toHaveLength(4);
    expect(body.warnings).toEqual(['prune.maxDeletes: the plan deletes 4 users, more than prune.maxDeletes allows (1); planned anyway because of --allow-mass-delete']);
  });

  it('does not count deletes that a safety rule skipped', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('b'), desiredUser('c')], { users: true, protect: ['d'], maxDeletes: { count: 1 } }), server, planContext());
    expect(body.errors).toEqual([]);
  });
});
