import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/index.js';
import { renderPlanErrors, renderPlanJson, renderPlanMarkdown, renderPlanText } from '../../src/render/index.js';
import { goldenIn } from '../support/golden.js';
import { convergedPlan, peopleOverTimePlan, planWithErrors, representativePlan, teamsPlan } from './plans.js';

/**
 * The exact text, JSON and markdown of a few plans, in `test/golden/render/`.
 * Run with UPDATE_GOLDEN=1 to rewrite them after a deliberate change, then
 * review the diff: these files are what users and CI parsers see.
 */
const expectGolden = goldenIn('render');


const PLANS: [string, () => Plan][] = [
  ['representative', representativePlan],
  ['with-errors', planWithErrors],
  ['no-changes', convergedPlan],
  ['teams', teamsPlan],
  ['people-over-time', peopleOverTimePlan],
];

describe.each(PLANS)('the %s plan (golden)', (name, make) => {
  it('prints as text without colour', () => expectGolden(`${name}.txt`, renderPlanText(make(), { color: false })));
  it('prints as JSON', () => expectGolden(`${name}.json`, renderPlanJson(make())));
  it('prints as markdown', () => expectGolden(`${name}.md`, renderPlanMarkdown(make())));
});

describe('the errors of a plan, for stderr (golden)', () => {
  it('prints one Error line per error, then what they mean', () => expectGolden('with-errors.stderr.txt', renderPlanErrors(planWithErrors(), { color: false })));
  it('prints nothing for a plan without errors', () => expect(renderPlanErrors(representativePlan(), { color: false })).toBe(''));
});
