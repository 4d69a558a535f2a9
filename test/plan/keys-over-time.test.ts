import { describe, expect, it } from 'vitest';
import { diff } from '../../src/plan/make-plan.js';
import type { DesiredApiKey } from '../../src/plan/types/index.js';
import { codesOf, warningsOf } from '../support/problems.js';
import { adminBlock, DAY, desiredKey, desiredState, desiredUser, initialAdmin, NOW, observedKey, observedState, observedUser, planContext } from '../support/state-builders.js';

/** Rotation with an overlap, `--replace`, and a promotion that makes keys unreadable: codes and data. */

/** `rotateAfter: 90d`, `overlap: 7d`. */
function overlapping(description = 'deploy'): DesiredApiKey {
  return { ...desiredKey(description, 90), overlap: { text: '7d', seconds: 7 * DAY } };
}

function planKeys(keys: DesiredApiKey[], held: ReturnType<typeof observedKey>[], context = planContext()) {
  const desired = desiredState([adminBlock(), desiredUser('alice', { apiKeys: keys })]);
  return diff(desired, observedState([initialAdmin(), observedUser(2, 'alice', 'standard', held)]), context);
}

describe('rotation with an overlap', () => {
  it('creates the successor of a due key and keeps the old one, saying which and for how long', () => {
    const body = planKeys([overlapping()], [observedKey(11, 'deploy', 100)]);
    expect(body.changes).toEqual([
      {
        address: 'user.alice.apiKey[deploy]',
        kind: 'api-key',
        action: 'create',
        username: 'alice',
        before: null,
        after: { description: 'deploy' },
        succeeds: { keyId: 11, dateCreated: NOW - 100 * DAY, reason: 'older than 90d', overlap: '7d', overlapSeconds: 7 * DAY },
      },
    ]);
  });

  it('keeps both while the newest is younger than the overlap, saying until when the old one lives', () => {
    const body = planKeys([overlapping()], [observedKey(11, 'deploy', 100), observedKey(12, 'deploy', 3)]);
    expect(body.changes).toEqual([]);
    expect(warningsOf(body)).toEqual([
      {
        severity: 'warning',
        address: 'user.alice.apiKey[deploy]#11',
        code: 'keys.overlapping',
        username: 'alice',
        description: 'deploy',
        keyId: 11,
        until: NOW - 3 * DAY + 7 * DAY,
        overlap: '7d',
      },
    ]);
  });

  it('deletes the old one by the first plan after the newest is older than the overlap', () => {
    const body = planKeys([overlapping()], [observedKey(11, 'deploy', 100), observedKey(12, 'deploy', 8)]);
    expect(body.changes).toEqual([
      {
        address: 'user.alice.apiKey[deploy]#11',
        kind: 'api-key',
        action: 'delete',
        username: 'alice',
        userId: 2,
        keyId: 11,
        before: { description: 'deploy', dateCreated: NOW - 100 * DAY },
        after: null,
        overlapEnded: { successorCreated: NOW - 8 * DAY, overlap: '7d' },
      },
    ]);
    expect(body.problems).toEqual([]);
  });

  it('stays a replace in one apply without an overlap, and deletes older copies at once', () => {
    const body = planKeys([desiredKey('deploy', 90)], [observedKey(11, 'deploy', 100), observedKey(12, 'deploy', 95)]);
    expect(body.changes.map((change) => `${change.action} ${change.address}`)).toEqual(['replace user.alice.apiKey[deploy]', 'delete user.alice.apiKey[deploy]#11']);
  });
});

describe('--replace', () => {
  it('replaces the named key whatever its age, and no other', () => {
    const context = planContext({ replace: ['user.alice.apiKey[deploy]'] });
    const body = planKeys([desiredKey('deploy', 90), desiredKey('ci')], [observedKey(11, 'deploy', 1), observedKey(12, 'ci', 1)], context);
    expect(body.changes).toEqual([
      {
        address: 'user.alice.apiKey[deploy]',
        kind: 'api-key',
        action: 'replace',
        username: 'alice',
        userId: 2,
        keyId: 11,
        before: { description: 'deploy', dateCreated: NOW - DAY },
        after: { description: 'deploy' },
        reason: 'asked for with --replace',
        reasonCode: 'requested',
      },
    ]);
  });

  it('replaces at once even with an overlap: a leaked key must stop working now', () => {
    const body = planKeys([overlapping()], [observedKey(11, 'deploy', 1)], planContext({ replace: ['user.alice.apiKey[deploy]'] }));
    expect(body.changes.map((change) => `${change.action} ${change.address}`)).toEqual(['replace user.alice.apiKey[deploy]']);
  });
});

describe('keys another administrator cannot read', () => {
  it('says that a promotion of a user whose keys the manifest manages needs its password from the next plan on', () => {
    const desired = desiredState([adminBlock(), desiredUser('alice', { role: 'admin', password: { given: false }, apiKeys: [desiredKey('deploy')] })]);
    const body = diff(desired, observedState([initialAdmin(), observedUser(2, 'alice', 'standard', [observedKey(11, 'deploy')])]), planContext());
    expect(body.changes.map((change) => `${change.action} ${change.address}`)).toEqual(['update user.alice']);
    expect(codesOf(body.problems)).toEqual(['keys.promotion-needs-password user.alice']);
    expect(body.applyable).toBe(true);
  });

  it('says nothing when the manifest gives that password, or does not manage the keys', () => {
    for (const alice of [
      desiredUser('alice', { role: 'admin', apiKeys: [desiredKey('deploy')] }),
      desiredUser('alice', { role: 'admin', password: { given: false } }),
    ]) {
      const body = diff(desiredState([adminBlock(), alice]), observedState([initialAdmin(), observedUser(2, 'alice', 'standard', [observedKey(11, 'deploy')])]), planContext());
      expect(body.problems).toEqual([]);
    }
  });
});
