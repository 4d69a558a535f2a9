import { describe, expect, it } from 'vitest';
import { adminBlock, desiredKey, desiredState, desiredUser, freshServer, initialAdmin, observedKey, observedState, observedUser } from '../support/state-builders.js';
import { reportOf, representativeReport, unmanagedOnlyReport, unreadableKeysReport } from './reports.js';

describe('detectDrift', () => {
  it('frames every plan change as drift, sorted by address', () => {
    const report = representativeReport();
    expect(report.drift.map((item) => `${item.kind} ${item.address}`)).toEqual([
      'role-changed user.alice',
      'api-key-expired user.alice.apiKey[deploy]',
      'user-missing user.bob',
      'api-key-missing user.bob.apiKey[laptop]',
      'user-unexpected user.carol',
      'api-key-extra user.erin.apiKey[ci]#13',
      'api-key-extra user.erin.apiKey[old-laptop]',
    ]);
    expect(report.status).toBe('drifted');
  });

  it('says what the server has and what the manifest wants', () => {
    const [role, expired] = representativeReport().drift;
    expect(role).toMatchObject({ expected: { role: 'admin' }, actual: { role: 'standard' }, remedy: 'update', username: 'alice' });
    expect(expired).toMatchObject({ kind: 'api-key-expired', expected: { description: 'deploy', rotateAfter: '90d' }, actual: { description: 'deploy' }, remedy: 'replace' });
  });

  it('tells an older copy of a listed key from a key the manifest does not list', () => {
    // An older copy is addressed by its id, since the manifest's key has the plain address.
    const extras = representativeReport().drift.filter((item) => item.kind === 'api-key-extra');
    expect(extras.map((item) => [item.address, item.actual?.description])).toEqual([
      ['user.erin.apiKey[ci]#13', 'ci'],
      ['user.erin.apiKey[old-laptop]', 'old-laptop'],
    ]);
  });

  it('lists a difference the plan keeps back for safety as held drift, not as a change', () => {
    const report = representativeReport();
    expect(report.held).toEqual([
      expect.objectContaining({ address: 'user.break-glass-2', code: 'held.protected', role: { from: 'standard', to: 'admin' }, pattern: 'break-glass-*' }),
    ]);
    expect(report.summary.held).toBe(1);
  });

  it('lists unmanaged users with the reason apply leaves them alone, apart from drift', () => {
    expect(representativeReport().unmanaged).toEqual([
      { id: 5, username: 'break-glass-1', role: 'admin', reason: expect.objectContaining({ code: 'held.protected', action: 'delete', pattern: 'break-glass-*' }) },
    ]);
    const report = unmanagedOnlyReport();
    expect(report.unmanaged.map((user) => `${user.username}: ${user.reason.code}`)).toEqual(['dave: prune-off', 'Zed: prune-off']);
    expect(report.drift).toEqual([]);
    expect(report.status).toBe('in-sync');
  });

  it('keeps password problems as apply blockers, not check errors: drift needs no password it does not use', () => {
    const report = representativeReport();
    expect(report.errors).toEqual([]);
    expect(report.applyBlockers.map((error) => `${error.code} ${error.address}`)).toEqual(['password.missing user.bob', 'password.missing user.bob.apiKey[laptop]']);
    expect(report.status).toBe('drifted');
  });

  it("reports another admin's keys it could not read as unchecked, and the rest of the check stands", () => {
    const report = unreadableKeysReport();
    expect(report.status).toBe('in-sync');
    expect(report.errors).toEqual([]);
    expect(report.unchecked.map((problem) => `${problem.code} ${problem.address}`)).toEqual(['keys.unreadable user.alice.apiKeys']);
    expect(report.applyBlockers).toEqual([]);
  });

  it('is in sync when the server matches, even for a name that differs only in case', () => {
    const desired = desiredState([adminBlock(), desiredUser('ALICE', { apiKeys: [desiredKey('deploy')] })]);
    const observed = observedState([initialAdmin(), observedUser(2, 'alice', 'standard', [observedKey(3, 'deploy')])]);
    const report = reportOf(desired, observed);
    expect(report).toMatchObject({ status: 'in-sync', drift: [], held: [], unmanaged: [], errors: [] });
  });

  it('reports a server without an administrator as the admin missing', () => {
    const report = reportOf(desiredState([adminBlock()]), freshServer());
    expect(report.drift).toMatchObject([{ address: 'admin', kind: 'admin-missing', remedy: 'create' }]);
  });

  it('counts mass deletes as drift and the limit as an apply blocker', () => {
    const desired = desiredState([adminBlock()], { users: true, maxDeletes: { count: 0 } });
    const report = reportOf(desired, observedState([initialAdmin(), observedUser(2, 'dave')]));
    expect(report.drift.map((item) => item.kind)).toEqual(['user-unexpected']);
    expect(report.applyBlockers.map((error) => error.address)).toEqual(['prune.maxDeletes']);
    expect(report.status).toBe('drifted');
  });
});
