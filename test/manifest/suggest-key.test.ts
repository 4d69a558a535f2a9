import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unknownKeyHint } from '../../src/manifest/suggest-key.js';
import type { PathSegment } from '../../src/manifest/locate.js';
import { manifestKeyRows } from '../docs/manifest-keys.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/manifest.schema.json', import.meta.url), 'utf8'));

/** `users[].apiKeys[].overlap` -> the parent path of an entry, `['users', 0, 'apiKeys', 0]`, and the key. */
function parentAndKey(path: string): { parent: PathSegment[]; key: string } {
  const segments = path.split('.').flatMap((part) => (part.endsWith('[]') ? [part.slice(0, -2), 0] : [part]));
  const key = segments.pop() as string;
  return { parent: segments, key };
}

describe('the hint for an unknown key', () => {
  // Generated from the schema, so a key added to the manifest without a hint fails here.
  const rows = manifestKeyRows(schema).filter((row) => parentAndKey(row.path).key.length >= 4);

  it.each(rows.map((row) => [row.path]))('names %s when a letter of it is mistyped', (path) => {
    const { parent, key } = parentAndKey(path);
    const typo = `${key.slice(0, -1)}${key.endsWith('x') ? 'y' : 'x'}`;
    expect(unknownKeyHint(parent, typo)).toBe(` (did you mean "${key}"?)`);
  });

  it('suggests nothing far from every key', () => {
    expect(unknownKeyHint(['users', 0], 'colour')).toBe('');
  });
});
