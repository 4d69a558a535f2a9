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

const onServer = observedState([initialAdmin(), observedUser(5, 'alice', 'standard', [observedKey(1, 'old', 100)])]);

describe('passwords', () => {
  it('is an error to create a user without a password', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('bob', { password: { given: false } })]), onServer, planContext());
    expect(body.errors).toEqual([{ address: 'user.bob', message: 'the manifest gives no password for bob, and Portainer needs one to create the user' }]);
  });

  it('is an error, with the problem, to create a user whose password cannot be read', () => {
    const problem = 'environment variable BOB_PASSWORD is not set (password of bob)';
    const body = diff(desiredState([adminBlock(), desiredUser('bob', { password: { given: true, problem } })]), onServer, planContext());
    expect(body.errors).toEqual([{ address: 'user.bob', message: `bob's password cannot be read: ${problem}` }]);
  });

  it("is an error to create a user whose password is shorter than the server's minimum, giving both lengths", () => {
    const body = diff(desiredState([adminBlock(), desiredUser('bob', { password: { given: true, length: 9 } })]), onServer, planContext({ minPasswordLength: 10 }));
    expect(body.errors).toEqual([{ address: 'user.bob', message: "bob's password is 9 characters long, and this Portainer requires at least 10" }]);
  });

  it('accepts a password exactly the minimum length', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('bob', { password: { given: true, length: 12 } })]), onServer, planContext());
    expect(body.errors).toEqual([]);
  });

  it('does not check the password of a user that exists and needs no key', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('alice', { password: { given: false } })]), onServer, planContext());
    expect(body.errors).toEqual([]);
  });

  it('is an error to create a key for a user without a password, since only the user can create its keys', () => {
    const desired = desiredState([adminBlock(), desiredUser('alice', { password: { given: false }, apiKeys: [desiredKey('old'), desiredKey('new')] })]);
    const body = diff(desired, onServer, planContext());
    expect(body.errors).toEqual([
      {
        address: 'user.alice.apiKey[new]',
        message: 'Portainer lets only alice create its own API keys, so the tool logs in as alice, and the manifest gives no password for alice',
      },
    ]);
  });

  it('is an error to replace a key for a user whose password cannot be read', () => {
    const desired = desiredState([adminBlock(), desiredUser('alice', { password: { given: true, problem: 'file x is empty' }, apiKeys: [desiredKey('old', 30)] })]);
    const body = diff(desired, onServer, planContext());
    expect(body.errors.map((error) => error.address)).toEqual(['user.alice.apiKey[old]']);
    expect(body.errors[0]?.message).toContain('file x is empty');
  });

  it('needs no password to delete keys', () => {
    const desired = desiredState([adminBlock(), desiredUser('alice', { password: { given: false }, apiKeys: [] })]);
    const body = diff(desired, onServer, planContext());
    expect(body.changes.map((change) => change.action)).toEqual(['delete']);
    expect(body.errors).toEqual([]);
  });

  it('never puts a password length into a message unless it is too short', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('bob', { password: { given: true, length: 17 } })]), onServer, planContext());
    expect(JSON.stringify(body)).not.toContain('17');
  });
});
