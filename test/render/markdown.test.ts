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
    const plan: Plan = { ...hugePlan(2_000), warnings: ['prune.maxDeletes: a warning'], errors: [{ address: 'user.bob', message: 'an error' }] };
    const markdown = renderPlanMarkdown(plan);
    expect(markdown.length).toBeLessThan(GITHUB_LIMIT);
    expect(markdown).toContain('- prune.maxDeletes: a warning');
    expect(markdown).toContain('- `user.bob`: an error');
  });

  it('stays under the limit even when warnings alone would not fit', () => {
    const plan: Plan = { ...hugePlan(100), warnings: Array.from({ length: 5_000 }, (_, index) => `user.u${index}: not deleted: a long enough reason to fill the comment`) };
    const markdown = renderPlanMarkdown(plan);
    expect(markdown.length).toBeLessThan(GITHUB_LIMIT);
    expect(markdown).toMatch(/more warning or error lines were left out/);
  });

  it('escapes what would break the table or the HTML', () => {
    const plan = representativePlan();
    const evil: Plan = {
      ...plan,
      changes: [{ address: 'user.a|b`<c>', kind: 'user', action: 'delete', userId: 9, before: { username: 'a|b`<c>', role: 'standard' }, after: null }],
      warnings: ['user.x: <script>*bold*'],
    };
    const markdown = renderPlanMarkdown(evil);
    expect(markdown).toContain('| - delete | ``user.a\\|b`<c>`` | username: ``"a\\|b`<c>"``; role: `"standard"` |');
    expect(markdown).toContain('- user.x: &lt;script&gt;\\*bold\\*');
  });

  it('says No changes for a converged server, without a table', () => {
    const markdown = renderPlanMarkdown(convergedPlan());
    expect(markdown).toContain("**No changes. Portainer's users match the manifest.**");
    expect(markdown).not.toContain('| Action |');
  });
});
