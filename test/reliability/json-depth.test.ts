import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonDepthScanner, MAX_JSON_DEPTH } from '../../src/portainer/transport/json-depth.js';

/** How deep a parsed value nests: arrays and objects count one level each. */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value !== null && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

/** The scanner's verdict on `text` cut into chunks at `cuts`. */
function scan(text: string, max: number, cuts: number[] = []): boolean {
  const bytes = Buffer.from(text, 'utf8');
  const scanner = new JsonDepthScanner(max);
  const edges = [0, ...[...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b), bytes.length];
  return edges.slice(1).some((end, index) => scanner.tooDeep(bytes.subarray(edges[index], end)));
}

describe('the JSON nesting check', () => {
  it(`lets ${MAX_JSON_DEPTH} levels through and stops the next`, () => {
    expect(scan(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`, MAX_JSON_DEPTH)).toBe(false);
    expect(scan(`${'{"a":'.repeat(MAX_JSON_DEPTH)}1${'}'.repeat(MAX_JSON_DEPTH)}`, MAX_JSON_DEPTH)).toBe(false);
    expect(scan('['.repeat(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes and non-ASCII text included', () => {
    expect(scan(JSON.stringify(['[[[[\\"[[[[', 'é[{ "}]', '\\\\']), 2)).toBe(false);
    expect(scan(JSON.stringify([['"\\', [[]]]]), 3)).toBe(true);
  });

  it('agrees with the parsed depth of any JSON, however the bytes are cut', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 6 }), fc.array(fc.nat(), { maxLength: 6 }), (value, max, cuts) => {
        expect(scan(JSON.stringify(value), max, cuts)).toBe(depthOf(value) > max);
      }),
    );
  });
});
