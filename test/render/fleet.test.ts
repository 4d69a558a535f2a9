import { describe, expect, it } from 'vitest';
import { fleetDriftOf, fleetPlansOf, type FleetPlanEntry } from '../../src/fleet/outcome.js';
import { detectDrift } from '../../src/drift/index.js';
import { renderFleetDriftMarkdown, renderFleetPlanJson, renderFleetPlanMarkdown, renderFleetPlanText } from '../../src/render/fleet/index.js';
import { convergedPlan, hugePlan, planWithErrors, representativePlan } from './plans.js';

const GITHUB_LIMIT = 65_536;

function entry(index: number): FleetPlanEntry {
  const name = `site-${String(index).padStart(2, '0')}`;
  const url = `https://portainer-${index}.example:9443`;
  if (index % 10 === 7) return { name, url, error: `GET ${url}/api/settings/public failed: connection refused` };
  return { name, url, plan: index % 3 === 0 ? hugePlan(400) : index % 3 === 1 ? representativePlan() : convergedPlan() };
}

describe('the fleet plan as one pull-request comment', () => {
  it('stays within the limit with 30 targets, the summary first with every digest, one folded section per target', () => {
    const fleet = fleetPlansOf(Array.from({ length: 30 }, (_, index) => entry(index)));
    const markdown = renderFleetPlanMarkdown(fleet);
    expect(markdown.length).toBeLessThan(GITHUB_LIMIT);
    const summaryEnd = markdown.indexOf('<details>');
    const summary = markdown.slice(0, summaryEnd);
    expect(summary).toContain('**30 targets: 3 failed, 18 with changes, 9 without changes.**');
    for (const target of fleet.targets) {
      const row = summary.split('\n').find((line) => line.startsWith(`| \`${target.name}\``));
      expect(row, target.name).toBeDefined();
      if ('plan' in target) expect(row).toContain(target.plan.changesDigest);
      else expect(row).toContain('**failed**');
    }
    expect(markdown.match(/<details><summary>/g)).toHaveLength(30);
    expect(markdown).toContain('connection refused');
  });

  it('leaves out the last sections past the limit and says how many, never the summary', () => {
    const fleet = fleetPlansOf(Array.from({ length: 300 }, (_, index) => ({ name: `t${index}`, url: `https://t${index}.example`, plan: representativePlan() })));
    const markdown = renderFleetPlanMarkdown(fleet);
    expect(markdown.length).toBeLessThan(GITHUB_LIMIT);
    expect(markdown).toContain('| `t299` https://t299.example |');
    expect(markdown).toMatch(/_The plan of \d+ more targets were left out to keep this comment under GitHub's 65,536-character limit/);
  });

  it('counts a plan with errors as a failure, with no digest to apply', () => {
    const fleet = fleetPlansOf([{ name: 'a', url: 'https://a.example', plan: planWithErrors() }, { name: 'b', url: 'https://b.example', plan: convergedPlan() }]);
    expect(fleet.summary).toEqual({ targets: 2, failed: 1, withChanges: 0, create: 0, update: 0, replace: 0, delete: 0 });
    const markdown = renderFleetPlanMarkdown(fleet);
    expect(markdown).toMatch(/\| `a` https:\/\/a\.example \| .* \| \*\*\d+\*\* \| - \|/);
  });
});

describe('the fleet plan as JSON and text', () => {
  it('is { formatVersion, targets: [{ name, url, plan | error }], summary }, each plan as plan --json prints it', () => {
    const plan = representativePlan();
    const fleet = fleetPlansOf([{ name: 'prod', url: 'https://p.example', plan }, { name: 'dr', url: 'https://d.example', error: 'unreachable' }]);
    const json = JSON.parse(renderFleetPlanJson(fleet));
    expect(Object.keys(json)).toEqual(['formatVersion', 'targets', 'summary']);
    expect(json.targets[0]).toMatchObject({ name: 'prod', url: 'https://p.example', plan: { formatVersion: 1, changesDigest: plan.changesDigest } });
    expect(json.targets[1]).toEqual({ name: 'dr', url: 'https://d.example', error: 'unreachable' });
    expect(json.summary).toEqual({ targets: 2, failed: 1, withChanges: 1, ...plan.summary });
  });

  it('prints the sections in the given order, then the summary table', () => {
    const fleet = fleetPlansOf([{ name: 'b-site', url: 'https://b.example', error: 'refused' }, { name: 'a-site', url: 'https://a.example', plan: convergedPlan() }]);
    const text = renderFleetPlanText(fleet, { color: false });
    expect(text.indexOf('=== b-site')).toBeLessThan(text.indexOf('=== a-site'));
    expect(text).toContain('Failed: refused');
    expect(text.trimEnd().split('\n').slice(-3)).toEqual(['TARGET  CHANGES     ERRORS', 'b-site  -           failed', 'a-site  no changes  0']);
  });
});

describe('the fleet drift as one comment', () => {
  it('stays within the limit with 30 targets', () => {
    const targets = Array.from({ length: 30 }, (_, index) => {
      const plan = index % 2 === 0 ? hugePlan(400) : convergedPlan();
      const observed = { adminExists: true, users: [], authentication: plan.authentication };
      return { name: `site-${index}`, url: `https://s${index}.example`, drift: detectDrift(plan, observed, { users: [], prune: { users: false, protect: [], teams: false, memberships: true, access: true } }) };
    });
    const markdown = renderFleetDriftMarkdown(fleetDriftOf(targets));
    expect(markdown.length).toBeLessThan(GITHUB_LIMIT);
    expect(markdown).toContain('**30 targets: 15 drifted, 15 in sync.**');
  });
});
