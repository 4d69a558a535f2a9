import { describe, expect, it } from 'vitest';
import { diff } from '../../src/plan/index.js';
import { adminBlock, desiredState, desiredUser, initialAdmin, observedState, observedUser, planContext } from '../support/state-builders.js';

const actions = (body: ReturnType<typeof diff>) => body.changes.map((change) => `${change.action} ${change.address}`);

describe('users', () => {
  it('creates a listed user the server lacks, with the role from the manifest', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('alice', { role: 'admin' })]), observedState([initialAdmin()]), planContext());
    expect(body.changes).toEqual([
      { address: 'user.alice', kind: 'user', action: 'create', before: null, after: { username: 'alice', role: 'admin' } },
    ]);
    expect(body.problems).toEqual([]);
  });

  it('updates the role when it differs, naming the user as the manifest spells it', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('Bob', { role: 'admin' })]), observedState([initialAdmin(), observedUser(7, 'bob')]), planContext());
    expect(body.changes).toEqual([
      {
        address: 'user.Bob',
        kind: 'user',
        action: 'update',
        userId: 7,
        username: 'Bob',
        before: { role: 'standard' },
        after: { role: 'admin' },
        fields: ['role'],
      },
    ]);
  });

  it('keeps a user whose name differs only in case', () => {
    const body = diff(desiredState([adminBlock('ADMIN'), desiredUser('ALICE')]), observedState([initialAdmin(), observedUser(2, 'alice')]), planContext());
    expect(body.changes).toEqual([]);
  });

  it('matches names the way Portainer does, so the long s and s are one user', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('ſam')]), observedState([initialAdmin(), observedUser(2, 'Sam')]), planContext());
    expect(body.changes).toEqual([]);
  });

  it('never plans a password change for an existing user', () => {
    const desired = desiredState([adminBlock(), desiredUser('alice', { password: { given: true, length: 30 } })]);
    const body = diff(desired, observedState([initialAdmin(), observedUser(2, 'alice')]), planContext());
    expect(body.changes).toEqual([]);
  });

  it('leaves unlisted users alone when prune is off', () => {
    const body = diff(desiredState([adminBlock()]), observedState([initialAdmin(), observedUser(2, 'carol')]), planContext());
    expect(body.changes).toEqual([]);
  });

  it('deletes unlisted users when prune is on, by the server spelling of their name', () => {
    const body = diff(desiredState([adminBlock()], { users: true }), observedState([initialAdmin(), observedUser(2, 'Carol')]), planContext());
    expect(body.changes).toEqual([
      { address: 'user.Carol', kind: 'user', action: 'delete', userId: 2, before: { username: 'Carol', role: 'standard' }, after: null },
    ]);
  });

  it('creates the admin block as an ordinary admin user on a server that already has another admin', () => {
    const body = diff(desiredState([adminBlock('root')]), observedState([initialAdmin()]), planContext());
    expect(actions(body)).toEqual(['create user.root']);
    expect(body.changes[0]).toMatchObject({ after: { username: 'root', role: 'admin' } });
  });
});
