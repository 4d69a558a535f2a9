import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestJsonSchema } from '../../src/manifest/index.js';
import { DOCS, readDoc } from '../support/docs.js';
import { BEGIN, END, manifestKeyRows, manifestKeysTable } from './manifest-keys.js';

/**
 * docs/manifest.md's table of every key is the schema's own descriptions.
 * `UPDATE_GOLDEN=1` (or `npm run docs:manifest`) rewrites the table; without
 * it, a key added to the schema, or a description changed, fails here.
 */

const schema = manifestJsonSchema() as Parameters<typeof manifestKeysTable>[0];

function generatedBlock(page: string): string {
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  expect(start, `docs/manifest.md has no "${BEGIN}" line`).toBeGreaterThanOrEqual(0);
  expect(end, `docs/manifest.md has no "${END}" line after the first`).toBeGreaterThan(start);
  return page.slice(start, end + END.length);
}

describe('docs/manifest.md', () => {
  it('lists every key of the schema with its description (run `npm run docs:manifest` when this fails)', () => {
    const page = readDoc('manifest.md');
    const expected = manifestKeysTable(schema);
    if (process.env['UPDATE_GOLDEN'] === '1') {
      writeFileSync(join(DOCS, 'manifest.md'), page.replace(generatedBlock(page), expected));
      return;
    }
    const block = generatedBlock(page);
    const missing = manifestKeyRows(schema)
      .map((row) => row.path)
      .filter((path) => !block.includes(`| \`${path}\` |`));
    expect(missing, 'keys of the schema missing from docs/manifest.md').toEqual([]);
    expect(block).toBe(expected);
  });

  it('gives every key a description, and reaches the keys inside lists and alternatives', () => {
    const rows = manifestKeyRows(schema);
    expect(rows.filter((row) => row.description === '').map((row) => row.path)).toEqual([]);
    expect(rows.map((row) => row.path)).toEqual(
      expect.arrayContaining(['version', 'admin.password.env', 'users[].apiKeys[].rotateAfter', 'users[].teams[].role', 'prune.maxDeletes', 'environmentGroups[].teams[].role']),
    );
  });
});
