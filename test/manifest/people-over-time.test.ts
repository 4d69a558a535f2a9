import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManifest, formatIssue, loadManifest, positionIn, toDesiredState } from '../../src/manifest/index.js';
import { writeManifest } from './support.js';

/** The manifest's keys for people over time: `previously`, `safety.minAdmins`, `overlap`. */

const MANIFEST = `version: 1
admin:
  username: root
  previously: [admin]
  password: plain-password-1
users:
  - username: robert
    previously: [bob, bobby]
    apiKeys:
      - description: deploy
        rotateAfter: 90d
        overlap: 7d
  - username: carol
teams:
  - name: platform
    previously: [ops]
safety:
  minAdmins: 2
`;

async function issuesOf(text: string): Promise<string[]> {
  return (await checkManifest(writeManifest(text))).issues.filter((issue) => issue.severity === 'error').map(formatIssue);
}

describe('people over time in the manifest', () => {
  it('gives the planner previously with the entry it sits in, overlap in seconds and the minimum of administrators', async () => {
    const loaded = await loadManifest(writeManifest(MANIFEST));
    const desired = toDesiredState(loaded);
    expect(desired.users.map(({ username, previously, path }) => ({ username, previously, path }))).toEqual([
      { username: 'root', previously: ['admin'], path: ['admin'] },
      { username: 'robert', previously: ['bob', 'bobby'], path: ['users', 0] },
      { username: 'carol', previously: undefined, path: undefined },
    ]);
    expect(desired.users[1]?.apiKeys).toEqual([{ description: 'deploy', rotateAfter: { text: '90d', seconds: 90 * 86_400 }, overlap: { text: '7d', seconds: 7 * 86_400 } }]);
    expect(desired.teams).toEqual([{ name: 'platform', members: [], previously: ['ops'], path: ['teams', 0] }]);
    expect(desired.minAdmins).toBe(2);
    expect(positionIn(loaded, ['users', 0, 'previously', 1])).toEqual({ line: 8, col: 23 });
  });

  it('leaves minAdmins to the planner\'s default when safety is not given', async () => {
    expect(toDesiredState(await loadManifest(writeManifest('version: 1\nusers: []\n'))).minAdmins).toBeUndefined();
  });

  it('refuses an overlap without rotateAfter, or not shorter than it, and a minimum below one', async () => {
    const key = (fields: string) => `version: 1\nusers:\n  - username: alice\n    apiKeys:\n      - description: deploy\n${fields}`;
    expect(await issuesOf(key('        overlap: 7d\n'))).toEqual([
      expect.stringMatching(/users\.yaml:6:18: users\[0\]\.apiKeys\[0\]\.overlap: overlap goes with rotateAfter/),
    ]);
    expect(await issuesOf(key('        rotateAfter: 7d\n        overlap: 1w\n'))).toEqual([
      expect.stringMatching(/users\[0\]\.apiKeys\[0\]\.overlap: overlap must be shorter than rotateAfter \(7d\), got "1w"/),
    ]);
    expect(await issuesOf('version: 1\nsafety:\n  minAdmins: 0\n')).toEqual([expect.stringMatching(/safety\.minAdmins: must be 1 or more, got 0/)]);
    expect(await issuesOf('version: 1\nusers:\n  - username: a\n    previously: [has space]\n')).toEqual([expect.stringMatching(/previously\[0\]: must not contain spaces/)]);
  });

  it('merges previously like any field of an entry in a layered manifest: a later file replaces the list', async () => {
    const base = writeManifest('version: 1\nusers:\n  - username: robert\n    previously: [bob]\n');
    const overlay = join(dirname(base), 'prod.yaml');
    mkdirSync(dirname(overlay), { recursive: true });
    writeFileSync(overlay, 'version: 1\nusers:\n  - username: Robert\n    previously: [rob]\n');
    const loaded = await loadManifest([base, overlay]);
    expect(toDesiredState(loaded).users).toMatchObject([{ username: 'Robert', previously: ['rob'] }]);
    expect(positionIn(loaded, ['users', 0, 'previously', 0])).toMatchObject({ file: overlay, line: 4 });
  });
});
