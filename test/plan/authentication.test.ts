import { describe, expect, it } from 'vitest';
import { diff } from '../../src/plan/index.js';
import type { Authentication, ObservedState } from '../../src/plan/index.js';
import { codesOf, errorsOf, heldOf, warningsOf } from '../support/problems.js';
import {
  adminBlock,
  desiredKey,
  desiredState,
  desiredTeam,
  desiredUser,
  freshServer,
  initialAdmin,
  observedKey,
  observedState,
  observedTeam,
  observedUser,
  planContext,
} from '../support/state-builders.js';

const LDAP: Authentication = { method: 'ldap', teamSync: false };
const OAUTH: Authentication = { method: 'oauth', teamSync: false };

function on(authentication: Authentication, state: ObservedState): ObservedState {
  return { ...state, authentication };
}

describe('an LDAP or OAuth Portainer', () => {
  it('creates users without checking a password, and asks none of a user whose password the manifest does not give', () => {
    const desired = desiredState([adminBlock(), desiredUser('dora', { password: { given: false } }), desiredUser('erin', { password: { given: true, length: 3, bytes: 3 } })]);
    for (const authentication of [LDAP, OAUTH]) {
      const body = diff(desired, on(authentication, observedState([initialAdmin()])), planContext());
      expect(body.changes.map((change) => `${change.action} ${change.address}`)).toEqual(['create user.dora', 'create user.erin']);
      expect(body.problems).toEqual([]);
    }
  });

  it("still checks user Id 1's local password at admin init", () => {
    const desired = desiredState([adminBlock('admin', { password: { given: false } })]);
    expect(codesOf(errorsOf(diff(desired, on(LDAP, freshServer()), planContext())))).toEqual(['password.missing admin']);
  });

  it("needs an LDAP user's directory password to create its key, and says it is the directory's", () => {
    const desired = desiredState([adminBlock(), desiredUser('dora', { password: { given: false }, apiKeys: [desiredKey('ci')] })]);
    const body = diff(desired, on(LDAP, observedState([initialAdmin(), observedUser(2, 'dora', 'standard', [])])), planContext());
    expect(errorsOf(body)).toEqual([expect.objectContaining({ code: 'password.missing', address: 'user.dora.apiKey[ci]', purpose: 'key-login', directory: true })]);
  });

  it('refuses keys of anyone but user Id 1 on an OAuth Portainer', () => {
    const desired = desiredState([adminBlock('admin', { apiKeys: [desiredKey('ci')] }), desiredUser('olga', { apiKeys: [desiredKey('ci')] }), desiredUser('new', { apiKeys: [desiredKey('ci')] })]);
    const body = diff(desired, on(OAUTH, observedState([initialAdmin([]), observedUser(2, 'olga', 'standard', [])])), planContext());
    expect(codesOf(errorsOf(body))).toEqual(['keys.oauth-no-login user.new.apiKey[ci]', 'keys.oauth-no-login user.olga.apiKey[ci]']);
  });

  it('holds back a membership removal that LDAP group sync would put back', () => {
    const dora = observedUser(2, 'dora');
    const server: ObservedState = { ...observedState([initialAdmin(), dora]), teams: [observedTeam(5, 'developers', [[dora, 'member']])] };
    const desired = { ...desiredState([adminBlock(), desiredUser('dora')]), teams: [desiredTeam('developers')] };
    const body = diff(desired, on({ method: 'ldap', teamSync: true }, server), planContext());
    expect(body.changes).toEqual([]);
    expect(heldOf(body)).toEqual(['held.team-sync delete team.developers.member[dora]']);
    expect(diff(desired, on(LDAP, server), planContext()).changes.map((change) => change.address)).toEqual(['team.developers.member[dora]']);
  });
});

describe('passwords', () => {
  it("is an error over bcrypt's 72 bytes, counted in bytes, for every password the tool sets", () => {
    const long = { given: true, length: 40, bytes: 80 };
    const body = diff(desiredState([adminBlock('admin', { password: long }), desiredUser('bob', { password: long })]), freshServer(), planContext());
    expect(errorsOf(body)).toEqual([
      { severity: 'error', address: 'admin', code: 'password.too-long', username: 'admin', purpose: 'admin-init', length: 40, bytes: 80, maximum: 72 },
      { severity: 'error', address: 'user.bob', code: 'password.too-long', username: 'bob', purpose: 'user-create', length: 40, bytes: 80, maximum: 72 },
    ]);
  });

  it("measures the minimum in bytes, as Portainer does", () => {
    const accented = { given: true, length: 6, bytes: 12 }; // é × 6
    expect(errorsOf(diff(desiredState([adminBlock(), desiredUser('bob', { password: accented })]), observedState([initialAdmin()]), planContext()))).toEqual([]);
  });

  it('with verify, resets exactly the users whose manifest password Portainer refused', () => {
    const desired = { ...desiredState([adminBlock(), desiredUser('alice'), desiredUser('bob')]), verifyPasswords: true };
    const server = observedState([{ ...initialAdmin(), passwordAccepted: true }, { ...observedUser(2, 'alice'), passwordAccepted: false }, { ...observedUser(3, 'bob'), passwordAccepted: true }]);
    const body = diff(desired, server, planContext());
    expect(body.changes).toEqual([
      { address: 'user.alice.password', kind: 'user-password', action: 'update', userId: 2, username: 'alice', before: { password: 'refused' }, after: { password: 'manifest' }, fields: ['password'] },
    ]);
    expect(body.summary.update).toBe(1);
    expect(diff({ ...desired, verifyPasswords: false }, server, planContext()).changes).toEqual([]);
  });

  it('resets before it creates keys, which log in with the reset password', () => {
    const desired = { ...desiredState([adminBlock(), desiredUser('alice', { apiKeys: [desiredKey('ci')] })]), verifyPasswords: true };
    const server = observedState([initialAdmin(), { ...observedUser(2, 'alice', 'standard', [observedKey(4, 'old')]), passwordAccepted: false }]);
    expect(diff(desired, server, planContext()).changes.map((change) => change.address)).toEqual(['user.alice.password', 'user.alice.apiKey[ci]', 'user.alice.apiKey[old]']);
  });

  it('says that verify checks nothing on an LDAP or OAuth Portainer', () => {
    const desired = { ...desiredState([adminBlock()]), verifyPasswords: true };
    expect(warningsOf(diff(desired, on(OAUTH, observedState([initialAdmin()])), planContext()))).toEqual([
      { severity: 'warning', address: 'passwords.verify', code: 'passwords.verify-unsupported', method: 'oauth' },
    ]);
  });

  it('holds back the reset of a protected user', () => {
    const desired = { ...desiredState([adminBlock(), desiredUser('break-glass-1')], { protect: ['break-glass-*'] }), verifyPasswords: true };
    const body = diff(desired, observedState([initialAdmin(), { ...observedUser(2, 'break-glass-1'), passwordAccepted: false }]), planContext());
    expect(heldOf(body)).toEqual(['held.protected update user.break-glass-1.password']);
  });
});
