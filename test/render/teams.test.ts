import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/index.js';
import { parsePlanFile } from '../../src/plan-format/index.js';
import { describeChange } from '../../src/render/plan/describe-change.js';
import { renderPlanJson, renderPlanMarkdown, renderPlanText } from '../../src/render/index.js';
import { teamsPlan } from './plans.js';

function changeAt(plan: Plan, address: string) {
  const change = plan.changes.find((candidate) => candidate.address === address);
  if (!change) throw new Error(`no change at ${address}`);
  return change;
}

function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, entry]) => [key, reversedKeys(entry)]));
}

describe('team changes in the plan renderers', () => {
  it('shows a new team and a new membership like a new user', () => {
    const text = renderPlanText(teamsPlan(), { color: false });
    expect(text).toContain('  # team.developers will be created\n  + team.developers\n      name: "developers"\n');
    expect(text).toContain(
      '  # team.developers.member[bob] will be created\n  + team.developers.member[bob]\n      team: "developers"\n      username: "bob"\n      role: "member"\n',
    );
  });

  it('shows a role change as before -> after', () => {
    expect(renderPlanText(teamsPlan(), { color: false })).toContain('  ~ team.ops.member[carol]\n      role: "member" -> "leader"\n');
  });

  it('says how many memberships go with a deleted team', () => {
    const description = describeChange(changeAt(teamsPlan(), 'team.legacy'));
    expect(description).toMatchObject({ symbol: '-', headline: 'will be destroyed' });
    expect(description.fields).toContainEqual({ name: 'members', note: '2 memberships go with the team' });
  });

  it('colours team changes like user changes', () => {
    const text = renderPlanText(teamsPlan(), { color: true });
    expect(text).toContain('\u001b[32m  +\u001b[39m team.developers');
    expect(text).toContain('\u001b[33m  ~\u001b[39m team.ops.member[carol]');
    expect(text).toContain('\u001b[31m  -\u001b[39m team.legacy');
  });

  it('counts team changes in the closing line', () => {
    expect(renderPlanText(teamsPlan(), { color: false })).toMatch(/Plan: 4 to add, 1 to change, 0 to replace, 2 to destroy\.\nChanges digest: sha256:[0-9a-f]{64}\n$/);
  });

  it('writes team changes as JSON with a stable key order, whatever order the object has', () => {
    const plan = teamsPlan();
    const json = renderPlanJson(plan);
    expect(parsePlanFile(JSON.parse(json))).toEqual({ plan, said: expect.any(Object) });
    expect(renderPlanJson(reversedKeys(plan) as Plan)).toBe(json);
    const update = (JSON.parse(json) as Plan).changes.find((change) => change.address === 'team.ops.member[carol]');
    expect(Object.keys(update ?? {})).toEqual([
      'address',
      'kind',
      'action',
      'team',
      'username',
      'teamId',
      'userId',
      'membershipId',
      'before',
      'after',
      'fields',
    ]);
  });

  it('puts a row per team change in the markdown table', () => {
    const markdown = renderPlanMarkdown(teamsPlan());
    expect(markdown).toContain('| ~ update | `team.ops.member[carol]` | role: `"member"` → `"leader"` |');
    expect(markdown).toContain('| - delete | `team.legacy` | name: `"legacy"`; members: 2 memberships go with the team |');
  });

  it('escapes a team name that would break the markdown table', () => {
    const plan = teamsPlan();
    const changes = plan.changes.map((change) => (change.kind === 'team' && change.action === 'create' ? { ...change, address: 'team.a|b', after: { name: 'a|b' } } : change));
    const row = renderPlanMarkdown({ ...plan, changes }).split('\n').find((line) => line.includes('team.a'));
    expect(row?.split(/(?<!\\)\|/).length).toBe(5);
  });
});
