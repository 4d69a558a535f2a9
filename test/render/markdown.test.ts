import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/index.js';
import { renderPlanMarkdown } from '../../src/render/index.js';
import { convergedPlan, hugePlan, representativePlan } from './plans.js';

const GITHUB_LIMIT = 65_536;

describe('renderPlanMarkdown', () => {
  it('keeps every row and the details when the plan fits', () => {
    const markdown = renderPlanMarkdown(hugePlan(50));
    expect(markdown.match(/^\| \+ create \|/gm)).toHaveLength(150);
    expect(markdown).toContain('<details>');
  });

  it('stays under the comment limit, keeping the summary and the first rows, and says how many were left out', () => {
    const plan = hugePlan(2_000);
    const markdown = renderPlanMarkdown(plan);
    expect(markdown.length).toBeLessThan(60_000);
    expect(markdown).toContain('**Plan: 6000 to add, 0 to change, 0 to replace, 0 to destroy.**');
    const rows = markdown.match(/^\| \+ create \|/gm) ?? [];
    expect(rows.length).toBeGreaterThan(100);
    expect(markdown).toContain(`| + create | \`user.user-00000-${'x'.repeat(40)}\``);
    expect(markdown).toContain(`_${6_000 - rows.length} more changes were left out`);
    expect(markdown).not.toContain('<details>');
  });

  it('keeps errors and warnings when it shortens a plan', () => {
    const plan: Plan = {
      ...hugePlan(2_000),
      problems: [
        { severity: 'error', address: 'user.bob', code: 'password.missing', username: 'bob', purpose: 'user-create' },
        { severity: 'warning', address: 'prune.maxDeletes', code: 'mass-delete.allowed', deletes: 3, observedUsers: 4, limit: { count: 1 }, byDefault: false },
      ],
    };
    const markdown = renderPlanMarkdown(plan);
    expect(markdown.length).toBeLessThan(GITHUB_LIMIT);
    expect(markdown).toContain('- prune.maxDeletes: the plan deletes 3 users');
    expect(markdown).toContain('- `user.bob`: the manifest gives no password for bob');
  });

  it('stays under the limit even when warnings alone would not fit', () => {
    const problems = Array.from({ length: 5_000 }, (_, index) => ({
      severity: 'warning' as const,
      address: `user.u${index}`,
      code: 'held.protected' as const,
      username: `u${index}`,
      kind: 'user' as const,
      action: 'delete' as const,
      pattern: 'a pattern long enough to fill the comment*',
    }));
    const plan: Plan = { ...hugePlan(100), problems };
    const markdown = renderPlanMarkdown(plan);
    expect(markdown.length).toBeLessThan(GITHUB_LIMIT);
    expect(markdown).toMatch(/more warning or error lines were left out/);
  });

  it('escapes what would break the table or the HTML', () => {
    const plan = representativePlan();
    const evil: Plan = {
      ...plan,
      changes: [{ address: 'user.a|b`<c>', kind: 'user', action: 'delete', userId: 9, before: { username: 'a|b`<c>', role: 'standard' }, after: null }],
      problems: [{ severity: 'warning', address: 'user.x', code: 'held.protected', username: 'x', kind: 'user', action: 'delete', pattern: '<script>*bold*' }],
    };
    const markdown = renderPlanMarkdown(evil);
    expect(markdown).toContain('| - delete | ``user.a\\|b`<c>`` | username: ``"a\\|b`<c>"``; role: `"standard"` |');
    expect(markdown).toContain('pattern "&lt;script&gt;\\*bold\\*"');
  });

  it('says No changes for a converged server, without a table', () => {
    const markdown = renderPlanMarkdown(convergedPlan());
    expect(markdown).toContain("**No changes. Portainer's users match the manifest.**");
    expect(markdown).not.toContain('| Action |');
  });
});
