import { describe, expect, it } from 'vitest';
import { diff } from '../../src/plan/make-plan.js';
import type { DesiredUser, ObservedUser } from '../../src/plan/types/index.js';
import { codesOf } from '../support/problems.js';
import { adminBlock, desiredState, desiredUser, freshServer, initialAdmin, observedState, observedUser, planContext } from '../support/state-builders.js';

/** `safety.minAdmins`: the count of administrators after the plan, as codes and data. */

function plan(users: DesiredUser[], server: ObservedUser[], minAdmins?: number, prune = { users: true }) {
  const desired = { ...desiredState(users, prune), ...(minAdmins === undefined ? {} : { minAdmins }) };
  return diff(desired, observedState(server), planContext());
}

const twoAdmins = [initialAdmin(), observedUser(2, 'alice', 'admin'), observedUser(3, 'bob')];

describe('safety.minAdmins', () => {
  it('refuses a plan that would take the administrators below it, counting deletes and demotions', () => {
    const demoted = plan([adminBlock(), desiredUser('alice'), desiredUser('bob')], twoAdmins, 2);
    expect(demoted.problems).toEqual([
      { severity: 'error', address: 'safety.minAdmins', code: 'admins.below-minimum', minimum: 2, before: 2, after: 1, path: ['safety', 'minAdmins'] },
    ]);
    const deleted = plan([adminBlock(), desiredUser('bob')], twoAdmins, 2);
    expect(codesOf(deleted.problems)).toEqual(['admins.below-minimum safety.minAdmins']);
    expect(deleted.applyable).toBe(false);
  });

  it('counts promotions and admins created in the same plan', () => {
    const swapped = plan([adminBlock(), desiredUser('bob', { role: 'admin' })], twoAdmins, 2);
    expect(swapped.problems).toEqual([]);
    const created = plan([adminBlock(), desiredUser('carol', { role: 'admin' }), desiredUser('bob')], twoAdmins, 2);
    expect(created.problems).toEqual([]);
  });

  it('warns, and plans, where the server is below it already and the plan does not lower it', () => {
    const body = plan([adminBlock(), desiredUser('bob')], [initialAdmin(), observedUser(3, 'bob')], 2);
    expect(body.problems).toMatchObject([{ severity: 'warning', code: 'admins.already-below-minimum', minimum: 2, before: 1, after: 1 }]);
    expect(body.applyable).toBe(true);
    const fresh = diff({ ...desiredState([adminBlock()]), minAdmins: 2 }, freshServer(), planContext({ runningAs: undefined }));
    expect(codesOf(fresh.problems)).toEqual(['admins.already-below-minimum safety.minAdmins']);
  });

  it('is admin.none-left, whatever the minimum, for a plan that leaves none (the default is 1)', () => {
    const body = plan([desiredUser('bob')], [observedUser(4, 'root', 'admin'), observedUser(3, 'bob')], undefined);
    expect(codesOf(body.problems)).toEqual(['admin.none-left user.root']);
    expect(plan([adminBlock(), desiredUser('bob')], twoAdmins).problems).toEqual([]);
  });

  it('counts a held delete as not made', () => {
    const body = plan([adminBlock(), desiredUser('bob')], twoAdmins, 2, { users: true, protect: ['alice'] } as never);
    expect(body.problems.map((problem) => problem.code)).toEqual(['held.protected']);
  });
});
