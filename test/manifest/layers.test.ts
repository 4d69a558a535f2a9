import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManifest, loadManifest, ManifestCache, ManifestError, passwordFor, positionIn } from '../../src/manifest/index.js';
import { mergeLayers, originAt } from '../../src/manifest/merge-layers.js';
import { toDesiredState } from '../../src/manifest/desired/to-desired.js';
import { writeManifest } from './support.js';

/** Writes `users.yaml` and its overlays into one folder; returns their paths in order. */
function layered(base: string, overlays: Record<string, string>, side: Record<string, string> = {}): string[] {
  const first = writeManifest(base, side);
  return [first, ...Object.entries(overlays).map(([name, text]) => {
    const path = join(dirname(first), name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  })];
}

describe('mergeLayers', () => {
  it('merges users by username as Portainer folds it, fields one by one, and appends new entries', () => {
    const { data } = mergeLayers([
      { version: 1, users: [{ username: 'alice', password: { env: 'A' } }, { username: 'bob' }] },
      { version: 1, users: [{ username: 'ALICE', role: 'admin' }, { username: 'carol' }] },
    ]);
    expect(data['users']).toEqual([{ username: 'ALICE', role: 'admin', password: { env: 'A' } }, { username: 'bob' }, { username: 'carol' }]);
  });

  it("merges a user's API keys by description, teams and environments by name, grants by the name they grant", () => {
    const { data } = mergeLayers([
      {
        users: [{ username: 'alice', apiKeys: [{ description: 'ci' }, { description: 'laptop' }] }],
        teams: [{ name: 'Ops', members: ['alice'] }],
        environments: [{ name: 'prod', users: ['alice', { name: 'bob', role: 'operator' }] }],
      },
      {
        users: [{ username: 'alice', apiKeys: [{ description: 'ci', rotateAfter: '30d' }] }],
        teams: [{ name: 'ops', leaders: ['bob'] }],
        environments: [{ name: 'prod', users: [{ name: 'ALICE', role: 'read-only' }, 'bob'] }, { name: 'staging' }],
      },
    ]);
    expect(data['users']).toEqual([{ username: 'alice', apiKeys: [{ description: 'ci', rotateAfter: '30d' }, { description: 'laptop' }] }]);
    expect(data['teams']).toEqual([{ name: 'ops', members: ['alice'], leaders: ['bob'] }]);
    // A bare name over `{ name, role }` gives the name again and keeps the role.
    expect(data['environments']).toEqual([{ name: 'prod', users: [{ name: 'ALICE', role: 'read-only' }, { name: 'bob', role: 'operator' }] }, { name: 'staging' }]);
  });

  it('replaces any other list whole, and a value of another shape', () => {
    const { data } = mergeLayers([
      { users: [{ username: 'alice', teams: ['a', 'b'] }], prune: { users: true, protect: ['x-*'] }, teams: [{ name: 'a', members: ['alice'] }] },
      { users: [{ username: 'alice', teams: ['c'] }], prune: { protect: ['y-*'] }, teams: [{ name: 'a', members: ['bob'] }] },
    ]);
    expect(data['users']).toEqual([{ username: 'alice', teams: ['c'] }]);
    expect(data['prune']).toEqual({ users: true, protect: ['y-*'] });
    expect(data['teams']).toEqual([{ name: 'a', members: ['bob'] }]);
  });

  it('keeps an entry an overlay lists twice as two entries, so the duplicate is reported where it was written', () => {
    const merged = mergeLayers([{ users: [{ username: 'alice' }] }, { users: [{ username: 'alice', role: 'admin' }, { username: 'Alice' }] }]);
    expect(merged.data['users']).toEqual([{ username: 'alice', role: 'admin' }, { username: 'Alice' }]);
    expect(originAt(merged.origin, ['users', 1, 'username'])).toEqual({ layer: 1, path: ['users', 1, 'username'] });
  });

  it('knows which layer wrote every value, down to a field of a merged entry', () => {
    const { origin } = mergeLayers([{ users: [{ username: 'a' }, { username: 'b', role: 'admin' }] }, { users: [{ username: 'c' }, { username: 'b', role: 'standard' }] }]);
    expect(originAt(origin, ['users', 1])).toEqual({ layer: 0, path: ['users', 1] });
    expect(originAt(origin, ['users', 1, 'role'])).toEqual({ layer: 1, path: ['users', 1, 'role'] });
    expect(originAt(origin, ['users', 2, 'username'])).toEqual({ layer: 1, path: ['users', 0, 'username'] });
    expect(originAt(origin, ['users', 0, 'password'])).toEqual({ layer: 0, path: ['users', 0, 'password'] });
  });
});

const BASE = `version: 1
admin:
  username: admin
  password: { env: LAYERS_ADMIN_PASSWORD }
users:
  - username: alice
    password: { file: alice.txt }
  - username: bob
`;

describe('layered manifests', () => {
  it('merge into one manifest: a role from the overlay, an entry it adds, one digest over the files in order', async () => {
    const files = layered(BASE, { 'prod/prod.yaml': 'version: 1\nusers:\n  - username: Bob\n    role: admin\n  - username: carol\n' });
    const loaded = await loadManifest(files);
    expect(loaded.manifest.users.map((user) => [user.username, user.role])).toEqual([['alice', 'standard'], ['Bob', 'admin'], ['carol', 'standard']]);
    expect(loaded.layers?.map((layer) => layer.file)).toEqual(files);
    const swapped = await loadManifest([files[0] as string, files[1] as string, files[0] as string]);
    expect(swapped.digest).not.toBe(loaded.digest);
    // One file is read as it always was: no layers, its own bytes' digest.
    const single = await loadManifest(files[0] as string);
    expect(single.layers).toBeUndefined();
    expect(single.digest).toBe(loaded.layers?.[0]?.digest);
  });

  it('name the file, line and column of an error in the second file', async () => {
    const files = layered(BASE, { 'prod.yaml': 'version: 1\nusers:\n  - username: bob\n    role: boss\n' });
    const { loaded, issues } = await checkManifest(files);
    expect(loaded).toBeUndefined();
    expect(issues).toEqual([expect.objectContaining({ file: files[1], line: 4, col: 11, path: 'users[0].role', severity: 'error' })]);
  });

  it('name the other entry by its file when one file lists a user twice', async () => {
    const files = layered(BASE, { 'prod.yaml': 'version: 1\nusers:\n  - username: dave\n  - username: Dave\n' });
    const error = (await loadManifest(files).catch((caught: unknown) => caught)) as ManifestError;
    expect(error).toBeInstanceOf(ManifestError);
    expect(error.issues).toEqual([expect.objectContaining({ file: files[1], line: 4, path: 'users[1].username' })]);
    expect(error.issues[0]?.message).toContain(`users[0] of ${files[1]}`);
  });

  it('refuse files of different versions, naming the file that differs', async () => {
    const files = layered(BASE, { 'prod.yaml': 'version: 2\nusers: []\n', 'extra.yaml': 'users: []\n' });
    const { issues } = await checkManifest(files);
    expect(issues.map((issue) => [issue.file, issue.line, issue.path])).toEqual([
      [files[1], 1, 'version'],
      [files[2], 1, ''],
    ]);
  });

  it('read a { file } secret relative to the file that names it', async () => {
    const files = layered(BASE, { 'prod/prod.yaml': 'version: 1\nusers:\n  - username: bob\n    password: { file: bob.txt }\n' }, { 'alice.txt': 'alice-password-0002\n' });
    writeFileSync(join(dirname(files[1] as string), 'bob.txt'), 'bob-password-00003\n');
    const loaded = await loadManifest(files);
    expect(passwordFor(loaded, 'alice')?.reveal()).toBe('alice-password-0002');
    expect(passwordFor(loaded, 'bob')?.reveal()).toBe('bob-password-00003');
    expect(toDesiredState(loaded).users.find((user) => user.username === 'bob')?.password).toEqual({ given: true, length: 18, bytes: 18 });
    expect(positionIn(loaded, ['users', 1, 'password'])).toEqual({ file: files[1], line: 4, col: 15 });
  });

  it('read a file several targets share once per cache', async () => {
    const files = layered(BASE, { 'a.yaml': 'version: 1\nusers: [{ username: dave }]\n', 'b.yaml': 'version: 1\nusers: [{ username: erin }]\n' });
    const [shared, first, second] = files as [string, string, string];
    const cache = new ManifestCache();
    const a = await loadManifest([shared, first], { cache });
    expect(a.manifest.users.map((user) => user.username)).toEqual(['alice', 'bob', 'dave']);
    // Changed on disk after the first read: the cache still has what this run read.
    writeFileSync(shared, 'version: 1\nusers: [{ username: zed }]\n');
    const b = await loadManifest([shared, second], { cache });
    expect(b.manifest.users.map((user) => user.username)).toEqual(['alice', 'bob', 'erin']);
    expect(await loadManifest([shared, first], { cache })).toBe(a);
    expect((await loadManifest([shared, second])).manifest.users.map((user) => user.username)).toEqual(['zed', 'erin']);
  });
});
