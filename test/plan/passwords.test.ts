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

const onServer = observedState([initialAdmin(), observedUser(5, 'alice', 'standard', [observedKey(1, 'old', 100)])]);

describe('passwords', () => {
  it('is an error to create a user without a password', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('bob', { password: { given: false } })]), onServer, planContext());
    expect(errorsOf(body)).toEqual([{ severity: 'error', address: 'user.bob', code: 'password.missing', username: 'bob', purpose: 'user-create' }]);
  });

  it('is an error, with the problem, to create a user whose password cannot be read', () => {
    const problem = { source: 'env', name: 'BOB_PASSWORD', state: 'unset' } as const;
    const body = diff(desiredState([adminBlock(), desiredUser('bob', { password: { given: true, problem } })]), onServer, planContext());
    expect(errorsOf(body)).toEqual([expect.objectContaining({ address: 'user.bob', code: 'password.unreadable', secret: problem })]);
  });

  it("is an error to create a user whose password is shorter than the server's minimum, giving both lengths", () => {
    const body = diff(desiredState([adminBlock(), desiredUser('bob', { password: { given: true, length: 9 } })]), onServer, planContext({ minPasswordLength: 10 }));
    expect(errorsOf(body)).toEqual([expect.objectContaining({ address: 'user.bob', code: 'password.too-short', length: 9, minimum: 10 })]);
  });

  it('accepts a password exactly the minimum length', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('bob', { password: { given: true, length: 12 } })]), onServer, planContext());
    expect(errorsOf(body)).toEqual([]);
  });

  it('does not check the password of a user that exists and needs no key', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('alice', { password: { given: false } })]), onServer, planContext());
    expect(errorsOf(body)).toEqual([]);
  });

  it('is an error to create a key for a user without a password, since only the user can create its keys', () => {
    const desired = desiredState([adminBlock(), desiredUser('alice', { password: { given: false }, apiKeys: [desiredKey('old'), desiredKey('new')] })]);
    const body = diff(desired, onServer, planContext());
    expect(errorsOf(body)).toEqual([{ severity: 'error', address: 'user.alice.apiKey[new]', code: 'password.missing', username: 'alice', purpose: 'key-login' }]);
  });

  it('is an error to replace a key for a user whose password cannot be read', () => {
    const problem = { source: 'file', name: 'x', state: 'empty' } as const;
    const desired = desiredState([adminBlock(), desiredUser('alice', { password: { given: true, problem }, apiKeys: [desiredKey('old', 30)] })]);
    const body = diff(desired, onServer, planContext());
    expect(codesOf(errorsOf(body))).toEqual(['password.unreadable user.alice.apiKey[old]']);
    expect(errorsOf(body)[0]).toMatchObject({ purpose: 'key-login', secret: problem });
  });

  it('needs no password to delete keys', () => {
    const desired = desiredState([adminBlock(), desiredUser('alice', { password: { given: false }, apiKeys: [] })]);
    const body = diff(desired, onServer, planContext());
    expect(body.changes.map((change) => change.action)).toEqual(['delete']);
    expect(errorsOf(body)).toEqual([]);
  });

  it('never puts a password length into a message unless it is too short', () => {
    const body = diff(desiredState([adminBlock(), desiredUser('bob', { password: { given: true, length: 17 } })]), onServer, planContext());
    expect(JSON.stringify(body)).not.toContain('17');
  });
});
