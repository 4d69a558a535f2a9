import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseManifestText, parseWithPositions } from '../../src/manifest/parse.js';

/**
 * A clean manifest is read the quick way (js-yaml, plain data) and any other
 * the full way (yaml, with positions). The two must never disagree about
 * what a manifest says: same manifest, same issues.
 */

function bothReadings(text: string) {
  const quick = parseManifestText(text, 'users.yaml');
  const full = parseWithPositions(text, 'users.yaml');
  return { quick: { manifest: quick.manifest, issues: quick.issues }, full: { manifest: full.manifest, issues: full.issues } };
}

/** Plain scalars whose type differs between YAML versions and schemas. */
const trickyScalar = fc.constantFrom(
  '1', '1_000', '0o17', '017', '0x1F', '0b101', '+1', '-0', '1e3', '1.', '.5', '.inf', '.NaN', 'true', 'True', 'yes', 'on', 'off',
  '~', 'null', '', '2024-01-01', '12:30', '1:20:30', '"x"', "'x'", '5%', '20%', '90d', '!!str 1', '!!int "3"', 'a #c', 'a#c',
);

const field = fc.constantFrom('version', 'username', 'role', 'description', 'rotateAfter', 'maxDeletes', 'users', 'env');

/** A valid manifest with one field replaced by raw scalar text. */
const manifestWithScalar = fc.tuple(field, trickyScalar).map(([name, scalar]) => {
  const lines = [
    'version: 1',
    'admin:', '  username: admin', '  password: { env: ADMIN_PASSWORD }',
    'users:', '  - username: alice', '    role: admin', '    password: { env: ALICE_PASSWORD }',
    '    apiKeys:', '      - description: deploy', '        rotateAfter: 90d',
    'prune:', '  users: true', '  protect: ["break-glass-*"]', '  maxDeletes: 20%',
  ];
  const index = lines.findIndex((line) => line.trimStart().replace(/^- /, '').startsWith(`${name}:`) || line.includes(`{ ${name}:`));
  const line = lines[index] ?? '';
  lines[index] = line.includes(`{ ${name}:`) ? line.replace(/\{ \w+: \w+ \}/, `{ ${name}: ${scalar} }`) : line.replace(/:.*$/, `: ${scalar}`);
  return `${lines.join('\n')}\n`;
});

/** Mostly valid manifests written by a YAML printer, in block and flow style. */
const printedManifest = fc
  .record({
    users: fc.uniqueArray(
      fc.record(
        {
          username: fc.stringMatching(/^[a-z][a-z0-9._-]{0,11}$/),
          role: fc.constantFrom('admin', 'standard'),
          password: fc.record({ env: fc.constantFrom('A_PASSWORD', 'B_PASSWORD') }),
          apiKeys: fc.uniqueArray(fc.record({ description: fc.stringMatching(/^[a-z]{1,8}$/), rotateAfter: fc.constantFrom('90d', '12h') }), {
            selector: (key) => key.description,
            maxLength: 3,
          }),
        },
        { requiredKeys: ['username'] },
      ),
      { selector: (user) => user.username.toLowerCase(), maxLength: 6 },
    ),
    flow: fc.boolean(),
  })
  .map(({ users, flow }) => stringify({ version: 1, users }, { collectionStyle: flow ? 'flow' : 'block' }));

describe('the quick reading of a clean manifest', () => {
  it('agrees with the full reading on scalars that YAML versions read differently', () => {
    fc.assert(
      fc.property(manifestWithScalar, (text) => {
        const { quick, full } = bothReadings(text);
        expect(quick).toEqual(full);
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with the full reading on printed manifests, cut anywhere', () => {
    fc.assert(
      fc.property(printedManifest, fc.nat(), (text, cut) => {
        for (const version of [text, text.slice(0, cut % (text.length + 1))]) {
          const { quick, full } = bothReadings(version);
          expect(quick).toEqual(full);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('finds positions for a later check on its first use', () => {
    const text = 'version: 1\nusers:\n  - username: alice\n    password: { env: ALICE_PASSWORD }\n';
    const parsed = parseManifestText(text, 'users.yaml');
    expect(parsed.manifest?.users[0]?.username).toBe('alice');
    expect(parsed.locate(['users', 0, 'password'])).toEqual({ line: 4, col: 15 });
  });

  it('leaves merge keys and anchors to the same meaning', () => {
    const text = 'version: 1\nusers:\n  - &alice { username: alice, role: admin }\n  - <<: *alice\n    username: bob\n';
    const { quick, full } = bothReadings(text);
    expect(quick).toEqual(full);
    expect(quick.manifest?.users[1]).toMatchObject({ username: 'bob', role: 'admin' });
  });
});
