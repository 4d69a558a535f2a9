import { describe, expect, it } from 'vitest';
import type { Change, Plan, Role } from '../../src/plan/index.js';
import { renderPlanErrors, renderPlanText } from '../../src/render/index.js';
import { convergedPlan, planWithErrors, representativePlan } from './plans.js';

const ESC = '\u001b';

function withChanges(changes: Change[]): Plan {
  return { ...convergedPlan(), changes, summary: { create: 0, update: changes.length, replace: 0, delete: 0 } };
}

describe('renderPlanText', () => {
  it('has no colour unless asked', () => {
    expect(renderPlanText(representativePlan(), { color: false })).not.toContain(ESC);
  });

  it('colours + green, ~ yellow, - red and -/+ cyan when asked', () => {
    const text = renderPlanText(representativePlan(), { color: true });
    expect(text).toContain(`${ESC}[32m  +${ESC}[39m user.bob`);
    expect(text).toContain(`${ESC}[33m  ~${ESC}[39m user.alice`);
    expect(text).toContain(`${ESC}[31m  -${ESC}[39m user.carol`);
    expect(text).toContain(`${ESC}[36m-/+${ESC}[39m user.alice.apiKey[deploy]`);
  });

  it('says the same words with and without colour', () => {
    const plan = planWithErrors();
    const stripped = renderPlanText(plan, { color: true }).replace(/\u001b\[\d+m/g, '');
    expect(stripped).toBe(renderPlanText(plan, { color: false }));
  });

  it('closes with the counts, or with No changes when there are none', () => {
    expect(renderPlanText(representativePlan(), { color: false })).toMatch(/\nPlan: 2 to add, 1 to change, 1 to replace, 2 to destroy\.\nChanges digest: sha256:[0-9a-f]{64}\n$/);
    expect(renderPlanText(convergedPlan(), { color: false }).endsWith("No changes. Portainer's users match the manifest.\n")).toBe(true);
  });

  it('prints errors apart, for stderr, as Error: <address>: <message> lines', () => {
    expect(renderPlanText(planWithErrors(), { color: false })).not.toContain('Error:');
    expect(renderPlanErrors(planWithErrors(), { color: false })).toContain(
      "Error: user.bob: bob's password is 8 characters long, and this Portainer requires at least 12\n",
    );
  });

  it('never says No changes while the plan has errors', () => {
    const plan: Plan = {
      ...convergedPlan(),
      problems: [{ severity: 'error', address: 'user.alice.apiKeys', code: 'keys.not-read', username: 'alice' }],
      applyable: false,
    };
    const text = renderPlanText(plan, { color: false });
    expect(text).not.toContain('No changes');
    expect(text).toContain('Plan: 0 to add, 0 to change, 0 to replace, 0 to destroy.');
  });

  it("shows a server's control characters as escapes, so a username cannot drive the terminal", () => {
    const plan = withChanges([
      { address: `user.evil${ESC}[2J`, kind: 'user', action: 'update', userId: 9, username: `evil${ESC}[2J`, before: { role: 'standard' }, after: { role: 'admin' }, fields: ['role'] },
    ]);
    const text = renderPlanText(plan, { color: false });
    expect(text).not.toContain(ESC);
    expect(text).toContain('user.evil\\u001b[2J');
  });

  it('keeps a changed value on its line, a line break in it escaped (no field holds one; nothing may break the layout)', () => {
    const plan = withChanges([
      { address: 'user.x', kind: 'user', action: 'update', userId: 2, username: 'x', before: { role: 'one\ntwo' as Role }, after: { role: 'one\nthree' as Role }, fields: ['role'] },
    ]);
    expect(renderPlanText(plan, { color: false })).toContain('      role: "one\\ntwo" -> "one\\nthree"\n');
  });
});
