import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ManifestError, loadManifest, parseManifest } from '../../src/manifest/index.js';
import { writeManifest } from './support.js';

/** Values shaped roughly like a manifest, so the checks past the YAML parser get exercised. */
const nearlyAManifest = fc.record(
  {
    version: fc.oneof(fc.constant(1), fc.jsonValue()),
    admin: fc.record({ username: fc.string(), password: fc.oneof(fc.string(), fc.record({ env: fc.string() }), fc.jsonValue()) }, { requiredKeys: [] }),
    users: fc.array(
      fc.record(
        {
          username: fc.oneof(fc.constantFrom('alice', 'Alice', 'bob', ''), fc.string(), fc.jsonValue()),
          role: fc.oneof(fc.constantFrom('admin', 'standard'), fc.jsonValue()),
          apiKeys: fc.array(fc.record({ description: fc.string(), rotateAfter: fc.oneof(fc.constantFrom('90d', '0d'), fc.string()) }, { requiredKeys: [] })),
          extra: fc.jsonValue(),
        },
        { requiredKeys: [] },
      ),
    ),
    prune: fc.record({ users: fc.jsonValue(), protect: fc.jsonValue(), maxDeletes: fc.oneof(fc.nat(), fc.constant('20%'), fc.jsonValue()) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

const yamlText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.jsonValue().map((value) => stringify(value)),
  nearlyAManifest.map((value) => stringify(value)),
  // Cut a valid-looking document at any point to get broken indentation and flow collections.
  fc.tuple(nearlyAManifest, fc.nat()).map(([value, cut]) => {
    const text = stringify(value, { collectionStyle: cut % 2 ? 'flow' : 'block' });
    return text.slice(0, cut % (text.length + 1));
  }),
  fc.array(fc.constantFrom('version: 1\n', 'users:\n', '  - username: a\n', '    role: x\n', '  - *a\n', '&a x\n', '[', '{', ':', '\t', '---\n', '? ', '"')).map((parts) => parts.join('')),
);

describe('robustness', () => {
  it('parseManifest never throws and every issue has a position', () => {
    fc.assert(
      fc.property(yamlText, (text) => {
        const { manifest, issues } = parseManifest(text, 'users.yaml');
        for (const issue of issues) {
          expect(issue.line).toBeGreaterThanOrEqual(1);
          expect(issue.col).toBeGreaterThanOrEqual(1);
        }
        expect(manifest === undefined).toBe(issues.some((issue) => issue.severity === 'error'));
      }),
      { numRuns: 1000 },
    );
  });

  it('loadManifest throws nothing but ManifestError', async () => {
    await fc.assert(
      fc.asyncProperty(yamlText, async (text) => {
        try {
          await loadManifest(writeManifest(text));
        } catch (error) {
          expect(error).toBeInstanceOf(ManifestError);
        }
      }),
      { numRuns: 200 },
    );
  });
});
