import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/index.js';
import { ManifestWriteError, writeAcceptedManifest } from '../../src/session/index.js';

const ORIGINAL = 'version: 1\nusers:\n  - username: alice\n    role: admin\n';
const PATCHED = ORIGINAL.replace('admin', 'standard');

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function loaded(mode = 0o640) {
  dir = mkdtempSync(join(tmpdir(), 'pu-write-'));
  const path = join(dir, 'users.yaml');
  writeFileSync(path, ORIGINAL);
  chmodSync(path, mode);
  return { path, loaded: await loadManifest(path) };
}

describe('writing the accepted drift into the manifest', () => {
  it('replaces the file with the patched text and keeps its mode, leaving no temporary file', async () => {
    const { path, loaded: manifest } = await loaded(0o640);
    expect(await writeAcceptedManifest(manifest, { original: ORIGINAL, patched: PATCHED, edits: [], notPatched: [] })).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(PATCHED);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['users.yaml']);
  });

  it('refuses, writing nothing, when the file changed since it was read', async () => {
    const { path, loaded: manifest } = await loaded();
    writeFileSync(path, `${ORIGINAL}# edited meanwhile\n`);
    await expect(writeAcceptedManifest(manifest, { original: ORIGINAL, patched: PATCHED, edits: [], notPatched: [] })).rejects.toBeInstanceOf(ManifestWriteError);
    expect(readFileSync(path, 'utf8')).toBe(`${ORIGINAL}# edited meanwhile\n`);
  });

  it('leaves the file alone when the patch changes nothing', async () => {
    const { path, loaded: manifest } = await loaded();
    const before = statSync(path).mtimeMs;
    expect(await writeAcceptedManifest(manifest, { original: ORIGINAL, patched: ORIGINAL, edits: [], notPatched: [] })).toBe(false);
    expect(statSync(path).mtimeMs).toBe(before);
  });
});
