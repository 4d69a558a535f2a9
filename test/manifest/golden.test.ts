import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkManifest, formatIssue } from '../../src/manifest/index.js';
import { expectGolden, GOLDEN_ROOT } from '../support/golden.js';

/**
 * Each `test/golden/manifest/NAME.yaml` is a bad manifest and `NAME.txt` the
 * exact lines `validate` prints for it. Run with UPDATE_GOLDEN=1 to rewrite
 * the expected files after a deliberate change of wording, then review the diff.
 */

const GOLDEN = join(GOLDEN_ROOT, 'manifest');
const cases = readdirSync(GOLDEN).filter((name) => name.endsWith('.yaml')).sort();

const ENV = { PORTAINER_ADMIN_PASSWORD: 'golden-admin-env-secret', GOLDEN_EMPTY_PASSWORD: '' };
const UNSET = ['GOLDEN_UNSET_ADMIN_PASSWORD', 'GOLDEN_UNSET_ALICE_PASSWORD'];
const saved = new Map<string, string | undefined>();

beforeAll(() => {
  for (const name of [...Object.keys(ENV), ...UNSET]) saved.set(name, process.env[name]);
  Object.assign(process.env, ENV);
  for (const name of UNSET) delete process.env[name];
});

afterAll(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** What `validate` writes to stderr, with the path shown as the bare file name. */
async function validateOutput(file: string): Promise<string> {
  const given = relative(process.cwd(), file);
  const { issues } = await checkManifest(given, { secrets: true });
  return issues.map((issue) => `${formatIssue(issue).replace(given, basename(file))}\n`).join('');
}

describe('validate output for bad manifests (golden)', () => {
  it.each(cases)('%s', async (name) => {
    const manifest = join(GOLDEN, name);
    const expectedFile = manifest.replace(/\.yaml$/, '.txt');
    const actual = await validateOutput(manifest);
    expectGolden(expectedFile, actual);
  });

  it('prints every problem of a manifest with many, one line each', async () => {
    const output = await validateOutput(join(GOLDEN, 'many-problems.yaml'));
    expect(output.trimEnd().split('\n').length).toBeGreaterThanOrEqual(10);
  });
});
