import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAccessQuickly } from '../../src/manifest/quick/quick-access.js';
import { manifestSchema } from '../../src/manifest/schema.js';

/**
 * The quick reader of `environments` and `environmentGroups` must give
 * exactly the schema's answer, or leave the section to the schema.
 */
const sections = [manifestSchema.shape.environments, manifestSchema.shape.environmentGroups];

const oddValue = fc.oneof(fc.constantFrom(null, 0, 1, true, '', ' ', 'a b', [], {}), fc.string({ maxLength: 6 }), fc.jsonValue());
const name = fc.oneof(fc.stringMatching(/^[a-zA-Z0-9._ -]{1,10}$/), oddValue);
const grant = fc.oneof(
  name,
  fc.record({ name, role: fc.oneof(fc.constantFrom('operator', 'read-only', 'Standard user', ' ', ''), oddValue), extra: oddValue }, { requiredKeys: [] }),
);
const holder = fc.record({ name, users: fc.oneof(fc.array(grant, { maxLength: 4 }), oddValue), teams: fc.oneof(fc.array(grant, { maxLength: 4 }), oddValue), group: oddValue }, { requiredKeys: [] });

describe('the quick reader of environment access', () => {
  it('reads exactly what the schema reads, or leaves it to the schema', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(holder, { maxLength: 4 }), oddValue), (value) => {
        const json: unknown = JSON.parse(JSON.stringify(value));
        const quick = readAccessQuickly(json);
        for (const schema of sections) {
          const parsed = schema.safeParse(json);
          if (quick === undefined) continue;
          expect(parsed.success, JSON.stringify(json)).toBe(true);
          expect(JSON.stringify(quick)).toBe(JSON.stringify(parsed.data));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the plain sections a manifest has', () => {
    const plain = [{ name: 'prod', users: ['alice', { name: 'bob', role: 'operator' }], teams: [{ name: 'ops' }, 'dev team'] }];
    expect(readAccessQuickly(plain)).toEqual(plain);
  });
});
