import { describe, expect, it } from 'vitest';
import { makePlan } from '../../src/plan-format/index.js';
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
  planMeta,
} from '../support/state-builders.js';

describe('makePlan', () => {
  const desired = desiredState(
    [adminBlock(), desiredUser('alice', { role: 'admin', apiKeys: [desiredKey('deploy', 90)] }), desiredUser('bob', { apiKeys: [desiredKey('laptop')] })],
    { users: true },
  );
  const observed = observedState([initialAdmin(), observedUser(2, 'alice', 'standard', [observedKey(3, 'deploy', 100)]), observedUser(4, 'carol')]);

  it('puts the keys of the plan in the order of design.md', () => {
    const plan = makePlan(desired, observed, planContext(), planMeta());
    expect(Object.keys(plan)).toEqual([
      'formatVersion',
      'target',
      'manifest',
      'manifestDigest',
      'observedDigest',
      'changes',
      'summary',
      'problems',
      'held',
      'applyable',
      'changesDigest',
      'authentication',
    ]);
    expect(plan.formatVersion).toBe(1);
    expect(plan.target).toBe('https://portainer.example:9443');
  });

  it('counts admin init, user and key creates as creates, and key and user deletes as deletes', () => {
    const plan = makePlan(desired, observed, planContext(), planMeta());
    expect(plan.changes.map((change) => `${change.action} ${change.address}`)).toEqual([
      'create user.bob',
      'update user.alice',
      'replace user.alice.apiKey[deploy]',
      'create user.bob.apiKey[laptop]',
      'delete user.carol',
    ]);
    expect(plan.summary).toEqual({ create: 2, update: 1, replace: 1, delete: 1 });
  });

  it('gives byte-identical output for the same inputs, whatever order the server listed things in', () => {
    const first = JSON.stringify(makePlan(desired, observed, planContext(), planMeta()));
    const shuffled = observedState([...observed.users].reverse());
    expect(JSON.stringify(makePlan(desired, shuffled, planContext(), planMeta()))).toBe(first);
    expect(JSON.stringify(makePlan(desired, observed, planContext(), planMeta()))).toBe(first);
  });

  it('does not change its inputs', () => {
    const before = JSON.stringify([desired, observed]);
    makePlan(desired, observed, planContext(), planMeta());
    expect(JSON.stringify([desired, observed])).toBe(before);
  });

  it('digests the change list: the same changes give the same digest, another id another one', () => {
    const plan = makePlan(desired, observed, planContext(), planMeta());
    expect(plan.changesDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(makePlan(desired, observedState([...observed.users].reverse()), planContext(), planMeta({ observedDigest: `sha256:${'c'.repeat(64)}` })).changesDigest).toBe(plan.changesDigest);
    const renumbered = observedState([initialAdmin(), observedUser(2, 'alice', 'standard', [observedKey(3, 'deploy', 100)]), observedUser(5, 'carol')]);
    expect(makePlan(desired, renumbered, planContext(), planMeta()).changesDigest).not.toBe(plan.changesDigest);
  });

  it('is applyable without errors, and not with one', () => {
    expect(makePlan(desired, observed, planContext(), planMeta()).applyable).toBe(true);
    const noPassword = desiredState([adminBlock(), desiredUser('dave', { password: { given: false } })]);
    expect(makePlan(noPassword, observed, planContext(), planMeta()).applyable).toBe(false);
  });
});
