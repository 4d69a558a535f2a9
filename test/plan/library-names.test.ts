import { describe, expect, it } from 'vitest';
import * as library from '../../src/index.js';
import { representativePlan } from '../render/plans.js';

describe('the library entry point', () => {
  it('keeps the old names working: plan is makePlan, apply is applyChanges, diff is the plan body', () => {
    expect(library.plan).toBe(library.makePlan);
    expect(library.apply).toBe(library.applyChanges);
    expect(typeof library.diff).toBe('function');
  });

  it('offers the session, the planner entry and the renderers of every outcome', () => {
    for (const name of ['loadManifest', 'preparePlan', 'applyPlan', 'makePlan', 'renderPlanText', 'describeApplyFailure', 'describeApplyNote', 'describeDriftItem'] as const) {
      expect(typeof library[name]).toBe('function');
    }
    expect(library.renderPlanText(representativePlan(), { color: false })).toContain('Plan:');
  });
});
