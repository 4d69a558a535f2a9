import { describe, expect, it } from 'vitest';
import { APPLY_PHASES, diff, orderChanges } from '../../src/plan/index.js';
import type { Change } from '../../src/plan/index.js';
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

describe('apply order', () => {
  it("lists design.md's phases in order", () => {
    expect(APPLY_PHASES.map((phase) => phase.name)).toEqual([
      'admin init',
      'renames',
      'user creates',
      'role promotions',
      'role demotions',
      'password resets',
      'team creates',
      'membership adds and role changes',
      'access grants, changes and removals',
      'key creates and replaces',
      'key deletes',
      'membership removals',
      'team deletes',
      'user deletes',
    ]);
  });

  it('orders a plan by phase, then by address', () => {
    const desired = desiredState(
      [
        adminBlock(),
        desiredUser('zed', { role: 'admin' }),
        desiredUser('amy', { role: 'standard', apiKeys: [desiredKey('new'), desiredKey('old', 10)] }),
        desiredUser('new2', { apiKeys: [desiredKey('k')] }),
        desiredUser('new1'),
      ],
      { users: true },
    );
    const observed = observedState([
      initialAdmin(),
      observedUser(9, 'zed', 'standard'),
      observedUser(8, 'amy', 'admin', [observedKey(1, 'old', 20), observedKey(2, 'gone')]),
      observedUser(7, 'carol'),
      observedUser(6, 'bert'),
    ]);
    const body = diff(desired, observed, planContext());
    expect(body.changes.map((change) => `${change.action} ${change.address}`)).toEqual([
      'create user.new1',
      'create user.new2',
      'update user.zed',
      'update user.amy',
      'create user.amy.apiKey[new]',
      'replace user.amy.apiKey[old]',
      'create user.new2.apiKey[k]',
      'delete user.amy.apiKey[gone]',
      'delete user.bert',
      'delete user.carol',
    ]);
  });

  it('gives the same order whatever order the changes come in', () => {
    const changes: Change[] = [
      { address: 'user.b', kind: 'user', action: 'delete', userId: 2, before: { username: 'b', role: 'standard' }, after: null },
      { address: 'user.a', kind: 'user', action: 'create', before: null, after: { username: 'a', role: 'standard' } },
      { address: 'admin', kind: 'admin-init', action: 'create', before: null, after: { username: 'admin' } },
    ];
    const forwards = orderChanges(changes);
    expect(orderChanges([...changes].reverse())).toEqual(forwards);
    expect(forwards.map((change) => change.address)).toEqual(['admin', 'user.a', 'user.b']);
  });

  it('compares addresses by code unit, not by locale', () => {
    const create = (name: string): Change => ({ address: `user.${name}`, kind: 'user', action: 'create', before: null, after: { username: name, role: 'standard' } });
    expect(orderChanges([create('b'), create('B'), create('a')]).map((change) => change.address)).toEqual(['user.B', 'user.a', 'user.b']);
  });
});
