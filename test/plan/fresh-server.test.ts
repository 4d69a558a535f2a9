import { describe, expect, it } from 'vitest';
import { diff } from '../../src/plan/index.js';
import { adminBlock, desiredKey, desiredState, desiredUser, freshServer, planContext } from '../support/state-builders.js';
import { codesOf, errorsOf, heldOf, warningsOf } from '../support/problems.js';

describe('a fresh server (no admin yet)', () => {
  const desired = desiredState(
    [adminBlock('admin', { apiKeys: [desiredKey('ci')] }), desiredUser('alice', { role: 'admin', apiKeys: [desiredKey('deploy', 90)] }), desiredUser('bob')],
    { users: true },
  );

  it('initialises the admin block, creates every other user and every key, and deletes nothing', () => {
    const body = diff(desired, freshServer(), planContext());
    expect(body.changes.map((change) => `${change.kind} ${change.action} ${change.address}`)).toEqual([
      'admin-init create admin',
      'user create user.alice',
      'user create user.bob',
      'api-key create user.admin.apiKey[ci]',
      'api-key create user.alice.apiKey[deploy]',
    ]);
    expect(body.changes[0]).toEqual({ address: 'admin', kind: 'admin-init', action: 'create', before: null, after: { username: 'admin' } });
    expect(body.summary).toEqual({ create: 5, update: 0, replace: 0, delete: 0 });
    expect(errorsOf(body)).toEqual([]);
  });

  it('is an error at admin when the manifest has no admin block', () => {
    const body = diff(desiredState([desiredUser('alice', { role: 'admin' })]), freshServer(), planContext());
    expect(codesOf(errorsOf(body))).toEqual(['admin.no-admin-block admin']);
  });

  it('is an error at admin when the server requires a setup token and none was given', () => {
    const body = diff(desired, freshServer(), planContext({ setupToken: { required: true, given: false } }));
    expect(codesOf(errorsOf(body))).toEqual(['admin.setup-token-required admin']);
  });

  it('plans normally when the setup token is required and given', () => {
    expect(errorsOf(diff(desired, freshServer(), planContext({ setupToken: { required: true, given: true } })))).toEqual([]);
  });

  it("checks the admin's password like any user's to create", () => {
    const shortAdmin = desiredState([adminBlock('admin', { password: { given: true, length: 8 } })]);
    expect(errorsOf(diff(shortAdmin, freshServer(), planContext()))).toEqual([
      { severity: 'error', address: 'admin', code: 'password.too-short', username: 'admin', purpose: 'admin-init', length: 8, bytes: 8, minimum: 12 },
    ]);
  });
});
