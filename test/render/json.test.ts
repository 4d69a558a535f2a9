import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/index.js';
import { parsePlanFile } from '../../src/plan-format/index.js';
import { renderPlanJson } from '../../src/render/index.js';
import { representativePlan } from './plans.js';

/** The same object with every key order reversed, as a plan read from someone else's file might be. */
function scrambled(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrambled);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, entry]) => [key, scrambled(entry)]));
}

describe('renderPlanJson', () => {
  it('is the plan itself, two-space indented, with a final newline, and reads back as the same plan', () => {
    const plan = representativePlan();
    const json = renderPlanJson(plan);
    expect(parsePlanFile(JSON.parse(json))).toEqual({ plan, said: expect.any(Object) });
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.split('\n')[1]).toBe('  "formatVersion": 1,');
  });

  it("writes keys in the design's order whatever order the object has", () => {
    const plan = representativePlan();
    expect(renderPlanJson(scrambled(plan) as Plan)).toBe(renderPlanJson(plan));
  });

  it('keeps keys it does not know, after the known ones', () => {
    const plan = { ...representativePlan(), extra: true } as Plan;
    expect(Object.keys(JSON.parse(renderPlanJson(plan))).at(-1)).toBe('extra');
  });
});
