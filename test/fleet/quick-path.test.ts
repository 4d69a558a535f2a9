import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseFleetText, parseFleetWithPositions } from '../../src/fleet/parse.js';

/**
 * A clean fleet file is read the quick way (js-yaml, plain data) and any
 * other the full way (yaml, with positions): the two must never disagree
 * about what a fleet file says, whether it is clean or not.
 */

function bothReadings(text: string) {
  return { quick: parseFleetText(text, 'fleet.yaml'), full: parseFleetWithPositions(text, 'fleet.yaml') };
}

/** Plain scalars whose type differs between YAML versions and schemas, and the keys they can replace. */
const trickyScalar = fc.constantFrom('1', '1.0', '0x1', '+1', 'true', 'yes', 'on', '~', 'null', '', '2024-01-01', '"x"', "'1'", 'a #c', 'a#c', '!!str 1', '<<', '[]', '{}');
const field = fc.constantFrom('version', 'name', 'url', 'instanceId', 'env', 'file', 'manifests');

/** A valid fleet file with one field replaced by raw scalar text. */
const fleetWithScalar = fc.tuple(field, trickyScalar).map(([name, scalar]) => {
  const lines = [
    'version: 1',
    'targets:',
    '  - name: prod-eu',
    '    url: https://portainer-eu.example:9443',
    '    manifests: [users.yaml, prod-eu.yaml]',
    '    instanceId: 6b2af0e1-0000-4000-8000-000000000001',
    '    credentials:',
    '      apiKey: { env: PROD_EU_API_KEY }',
    '  - name: staging',
    '    url: http://staging.example',
    '    manifests:',
    '      - users.yaml',
    '    credentials: { username: { file: staging.user }, password: { env: STAGING_PASSWORD } }',
  ];
  const index = lines.findIndex((line) => line.trimStart().replace(/^- /, '').startsWith(`${name}:`) || line.includes(`{ ${name}:`));
  const line = lines[index] ?? '';
  lines[index] = line.includes(`{ ${name}:`) ? line.replace(new RegExp(`\\{ ${name}: [^ }]+ \\}`), `{ ${name}: ${scalar} }`) : line.replace(/:.*$/, `: ${scalar}`);
  return `${lines.join('\n')}\n`;
});

/** Mostly valid fleet files written by a YAML printer, in block and flow style. */
/** Mostly what the schema takes (9 to 1), so that enough printed files are clean. */
const mostly = <T,>(good: T[], bad: T[]) => fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: fc.constantFrom(...bad) });

const printedFleet = fc
  .record({
    targets: fc.uniqueArray(
      fc.record(
        {
          name: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,8}$/),
          url: mostly(['https://a.example:9443', 'http://127.0.0.1:9000/', 'https://c.example/portainer'], ['ftp://x']),
          manifests: fc.array(mostly(['users.yaml', 'a/b.yaml'], ['']), { minLength: 1, maxLength: 3 }),
          instanceId: mostly(['id-1', '6b2af0e1-0000-4000-8000-000000000001'], ['']),
          credentials: fc.oneof(
            fc.record({ apiKey: fc.oneof({ weight: 9, arbitrary: fc.record({ env: mostly(['KEY', 'PROD_KEY'], ['1KEY']) }) }, { weight: 1, arbitrary: fc.constant('ptr_plain') }) }),
            fc.record({ username: fc.record({ env: fc.constant('USER') }), password: fc.record({ file: mostly(['p'], ['']) }) }),
          ),
        },
        { requiredKeys: ['name', 'url', 'manifests'] },
      ),
      { selector: (target) => target.name.toLowerCase(), minLength: 1, maxLength: 4 },
    ),
    flow: fc.boolean(),
  })
  .map(({ targets, flow }) => stringify({ version: 1, targets }, { collectionStyle: flow ? 'flow' : 'block' }));

describe('the quick reading of a clean fleet file', () => {
  it('agrees with the full reading on scalars that YAML versions read differently', () => {
    fc.assert(
      fc.property(fleetWithScalar, (text) => {
        const { quick, full } = bothReadings(text);
        expect(quick).toEqual(full);
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with the full reading on printed fleet files, cut anywhere', () => {
    let clean = 0;
    fc.assert(
      fc.property(printedFleet, fc.nat(), (text, cut) => {
        for (const version of [text, text.slice(0, cut % (text.length + 1))]) {
          const { quick, full } = bothReadings(version);
          expect(quick).toEqual(full);
          if (full.fleet && full.issues.length === 0) clean += 1;
        }
      }),
      { numRuns: 200 },
    );
    // The quick way is taken only by clean files: enough of them must have been tried.
    expect(clean).toBeGreaterThan(30);
  });
});
