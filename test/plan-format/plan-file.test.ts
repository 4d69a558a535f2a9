import { describe, expect, it } from 'vitest';
import { firstDifference, parsePlanFile } from '../../src/plan-format/index.js';
import type { Change } from '../../src/plan/index.js';
import { renderPlanJson } from '../../src/render/index.js';
import { peopleOverTimePlan, representativePlan, teamsPlan } from '../render/plans.js';

/** A plan as `plan --out` writes it, edited: the edit gets the parsed JSON. */
function edited(edit: (plan: { changes: Record<string, unknown>[] } & Record<string, unknown>) => void): unknown {
  const plan = JSON.parse(renderPlanJson(representativePlan()));
  edit(plan);
  return plan;
}

function problemOf(value: unknown): string {
  const parsed = parsePlanFile(value);
  return 'problem' in parsed ? parsed.problem : 'no problem';
}

describe('parsePlanFile', () => {
  it('reads back every plan the renderer writes', () => {
    for (const plan of [representativePlan(), teamsPlan(), peopleOverTimePlan()]) expect(parsePlanFile(JSON.parse(renderPlanJson(plan)))).toEqual({ plan, said: expect.any(Object) });
  });

  it('says what is wrong with a rename against the rename shape its fields name', () => {
    const value = JSON.parse(renderPlanJson(peopleOverTimePlan()));
    const rename = value.changes.findIndex((change: { fields?: string[] }) => change.fields?.[0] === 'username');
    value.changes[rename].after = { role: 'admin' };
    expect(problemOf(value)).toBe(`changes[${rename}].after.username is missing`);
  });

  it('names an action that is no action against all four, and one the kind lacks against the kind', () => {
    expect(problemOf(edited((plan) => void (plan.changes[0]!.action = 'explode')))).toBe('changes[0].action must be create, update, replace or delete, got "explode"');
    const userAt = (plan: { changes: Record<string, unknown>[] }) => plan.changes.findIndex((change) => change.kind === 'user');
    const value = edited((plan) => void (plan.changes[userAt(plan)]!.action = 'replace'));
    expect(problemOf(value)).toMatch(/^changes\[\d+\]\.action must be create, update or delete for a user change, got "replace"$/);
  });

  it('refuses unknown fields, missing fields and wrong types, by path', () => {
    expect(problemOf(edited((plan) => void (plan['extra'] = 1)))).toBe('the plan has an unknown field "extra"');
    expect(problemOf(edited((plan) => void delete plan.changes[0]!['address']))).toBe('changes[0].address is missing');
    expect(problemOf(edited((plan) => void (plan['applyable'] = 'yes')))).toBe('applyable must be of type boolean, got "yes"');
    expect(problemOf(edited((plan) => void delete plan['changesDigest']))).toMatch(/earlier version/);
    expect(problemOf([])).toBe('not a plan object');
  });
});

describe('firstDifference', () => {
  const create: Change = { address: 'user.carol', kind: 'user', action: 'create', before: null, after: { username: 'carol', role: 'standard' } };
  const remove: Change = { address: 'user.bob', kind: 'user', action: 'delete', userId: 3, before: { username: 'bob', role: 'standard' }, after: null };

  it('finds none between equal lists, whatever the key order', () => {
    const reordered = Object.fromEntries(Object.entries(remove).reverse()) as Change;
    expect(firstDifference([create, remove], [create, reordered])).toBeUndefined();
  });

  it('names a change only one side has, and the first field that differs', () => {
    expect(firstDifference([create, remove], [create])).toEqual({ address: 'user.bob', saved: remove });
    expect(firstDifference([create], [create, remove])).toEqual({ address: 'user.bob', fresh: remove });
    const moved = { ...remove, userId: 4 };
    expect(firstDifference([create, moved], [create, remove])).toEqual({ address: 'user.bob', saved: moved, fresh: remove, field: 'userId' });
  });
});
