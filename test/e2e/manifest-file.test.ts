import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER } from '../support/manifests.js';
import { seedAdmin } from '../support/seeds.js';
import { PASSWORDS, startWorld, type World } from '../support/world.js';

/**
 * The manifest is the user's file: `drift --write` edits it where it really
 * is, the way it is written, or not at all. The server has alice as a
 * standard user; the manifest says admin, so accepting the drift changes
 * that one line.
 */
const MANIFEST = `# the platform team
${HEADER}users:
  - username: alice
    role: admin
    password: { env: ALICE_PASSWORD }
`;
const ACCEPTED = MANIFEST.replace('role: admin', 'role: standard');
const BOM = '\ufeff';
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

let world: World;
beforeAll(async () => {
  world = await startWorld(MANIFEST, { seed: { users: [seedAdmin(), { username: 'alice', password: PASSWORDS.alice }] } });
});
afterAll(async () => {
  await world?.close();
});

/** A fresh copy of the manifest at `name` in the world's folder, written as `text`. */
function manifestAt(name: string, text: string): string {
  const path = join(world.dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe('drift --write keeps the manifest the user wrote', () => {
  it('writes through a link to its target, keeping the link, a byte-order mark and CRLF line endings', async () => {
    const real = manifestAt('real/users.yaml', `${BOM}${crlf(MANIFEST)}`);
    symlinkSync(real, join(world.dir, 'linked.yaml'));
    const result = await world.cli(['drift', '-f', 'linked.yaml', '--write']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toContain('Wrote linked.yaml');
    expect(lstatSync(join(world.dir, 'linked.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe(`${BOM}${crlf(ACCEPTED)}`);
    expect((await world.cli(['plan', '-f', 'linked.yaml', '--detailed-exitcode'])).code).toBe(0);
  });

  it('refuses a manifest that is read-only for its owner, in one sentence, changing nothing (even as root)', async () => {
    const path = manifestAt('read-only.yaml', MANIFEST);
    chmodSync(path, 0o444);
    const result = await world.cli(['drift', '-f', 'read-only.yaml', '--write']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error: read-only.yaml is read-only (mode 444), so drift --write leaves it as it is; make it writable (chmod u+w) to accept the drift into it\n',
    );
    expect(readFileSync(path, 'utf8')).toBe(MANIFEST);
    expect(statSync(path).mode & 0o777).toBe(0o444);
  });

  it.skipIf(process.getuid?.() !== 0)("keeps the file's owner, group and mode when root accepts the drift into someone's manifest", async () => {
    const path = manifestAt('someone.yaml', MANIFEST);
    chownSync(path, 4321, 4322);
    chmodSync(path, 0o640);
    const result = await world.cli(['drift', '-f', 'someone.yaml', '--write']);
    expect(result.code, result.stderr).toBe(2);
    expect(readFileSync(path, 'utf8')).toBe(ACCEPTED);
    const stats = statSync(path);
    expect({ uid: stats.uid, gid: stats.gid, mode: stats.mode & 0o777 }).toEqual({ uid: 4321, gid: 4322, mode: 0o640 });
  });
});
