import { describe, expect, it } from 'vitest';
import { diff } from '../../src/plan/index.js';
import {
  DAY,
  NOW,
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

const world = (keys: ReturnType<typeof desiredKey>[] | undefined, held: ReturnType<typeof observedKey>[] | undefined, prune = false) =>
  diff(
    desiredState([adminBlock(), desiredUser('alice', keys === undefined ? {} : { apiKeys: keys })], { users: prune }),
    observedState([initialAdmin(), observedUser(5, 'alice', 'standard', held)]),
    planContext(),
  );

const actions = (body: ReturnType<typeof diff>) => body.changes.map((change) => `${change.action} ${change.address}`);

describe('API keys', () => {
  it("leaves a user's keys alone when the manifest has no apiKeys for the user", () => {
    expect(world(undefined, [observedKey(1, 'old')]).changes).toEqual([]);
  });

  it('creates a missing key, for the user as the manifest spells it', () => {
    const body = world([desiredKey('deploy')], []);
    expect(body.changes).toEqual([
      { address: 'user.alice.apiKey[deploy]', kind: 'api-key', action: 'create', username: 'alice', before: null, after: { description: 'deploy' } },
    ]);
  });

  it('matches keys by exact description', () => {
    expect(actions(world([desiredKey('Deploy')], [observedKey(1, 'deploy')]))).toEqual([
      'create user.alice.apiKey[Deploy]',
      'delete user.alice.apiKey[deploy]',
    ]);
  });

  it('deletes keys the manifest does not list; apiKeys: [] means no keys', () => {
    const body = world([], [observedKey(3, 'laptop', 10)]);
    expect(body.changes).toEqual([
      {
        address: 'user.alice.apiKey[laptop]',
        kind: 'api-key',
        action: 'delete',
        username: 'alice',
        userId: 5,
        keyId: 3,
        before: { description: 'laptop', dateCreated: NOW - 10 * DAY },
        after: null,
      },
    ]);
  });

  it('replaces a key older than rotateAfter, giving the manifest text as the reason', () => {
    const body = world([desiredKey('deploy', 90)], [observedKey(4, 'deploy', 91)]);
    expect(body.changes).toEqual([
      {
        address: 'user.alice.apiKey[deploy]',
        kind: 'api-key',
        action: 'replace',
        username: 'alice',
        userId: 5,
        keyId: 4,
        before: { description: 'deploy', dateCreated: NOW - 91 * DAY },
        after: { description: 'deploy' },
        reason: 'older than 90d',
        reasonCode: 'rotation-due',
      },
    ]);
    expect(body.summary).toEqual({ create: 0, update: 0, replace: 1, delete: 0 });
  });

  it('keeps a key exactly rotateAfter old (only older keys are replaced)', () => {
    expect(world([desiredKey('deploy', 90)], [observedKey(4, 'deploy', 90)]).changes).toEqual([]);
  });

  it('keeps the newest of several keys with one description and deletes the rest, each by its own address', () => {
    const body = world([desiredKey('deploy')], [observedKey(1, 'deploy', 30), observedKey(2, 'deploy', 2), observedKey(3, 'deploy', 10)]);
    expect(actions(body)).toEqual(['delete user.alice.apiKey[deploy]#1', 'delete user.alice.apiKey[deploy]#3']);
  });

  it('replaces the newest duplicate when even it is too old, and deletes the others', () => {
    const body = world([desiredKey('deploy', 7)], [observedKey(1, 'deploy', 30), observedKey(2, 'deploy', 8)]);
    expect(actions(body)).toEqual(['replace user.alice.apiKey[deploy]', 'delete user.alice.apiKey[deploy]#1']);
    expect(body.changes[0]).toMatchObject({ keyId: 2 });
  });

  it('deletes every copy of an unlisted description', () => {
    expect(actions(world([], [observedKey(1, 'ci'), observedKey(2, 'ci')]))).toEqual([
      'delete user.alice.apiKey[ci]#1',
      'delete user.alice.apiKey[ci]#2',
    ]);
  });

  it('creates all keys of a user the plan creates', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('dave', { apiKeys: [desiredKey('a'), desiredKey('b', 1)] })]), observedState([initialAdmin()]), planContext());
    expect(actions(body)).toEqual(['create user.dave', 'create user.dave.apiKey[a]', 'create user.dave.apiKey[b]']);
  });

  it('plans no key deletes for a user it deletes (Portainer deletes them with the user)', () => {
    const body = diff(desiredState([adminBlock()], { users: true }), observedState([initialAdmin(), observedUser(5, 'carol', 'standard', [observedKey(1, 'ci')])]), planContext());
    expect(actions(body)).toEqual(['delete user.carol']);
  });

  it('holds the key differences with a warning at user.<name>.apiKeys when the keys could not be read; the plan stays applyable', () => {
    const reason = { cause: 'no-password' } as const;
    const body = diff(
      desiredState([adminBlock(), desiredUser('alice', { role: 'admin', apiKeys: [desiredKey('deploy')] })]),
      observedState([initialAdmin(), { ...observedUser(5, 'alice', 'admin'), apiKeysUnreadable: reason }]),
      planContext(),
    );
    expect(body.changes).toEqual([]);
    expect(body.problems).toEqual([{ severity: 'warning', address: 'user.alice.apiKeys', code: 'keys.unreadable', username: 'alice', why: reason }]);
    expect(body.applyable).toBe(true);
  });

  it('is an error, not a guess, when keys the manifest manages were not read at all', () => {
    const body = world([desiredKey('deploy')], undefined);
    expect(body.changes).toEqual([]);
    expect(body.problems).toEqual([{ severity: 'error', address: 'user.alice.apiKeys', code: 'keys.not-read', username: 'alice' }]);
  });
});
