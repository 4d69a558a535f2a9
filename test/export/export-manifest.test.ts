import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { passwordEnvNames } from '../../src/export/index.js';
import { exportManifest } from '../../src/export/index.js';
import { parseManifest, type Manifest } from '../../src/manifest/index.js';
import { initialAdmin, observedKey, observedState, observedUser } from '../support/state-builders.js';

function parsed(text: string): Manifest {
  const { manifest, issues } = parseManifest(text, 'exported.yaml');
  expect(issues.filter((issue) => issue.severity === 'error')).toEqual([]);
  return manifest as Manifest;
}

describe('exportManifest', () => {
  it('writes a valid manifest: schema line first, user Id 1 as the admin block, users sorted, passwords as env references', () => {
    const text = exportManifest(
      observedState([initialAdmin([observedKey(1, 'ci')]), observedUser(3, 'Zoe'), observedUser(2, 'bob', 'standard', [observedKey(2, 'z'), observedKey(3, 'a')])]),
    );
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=manifest.schema.json');
    const manifest = parsed(text);
    expect(manifest.admin).toEqual({ username: 'admin', password: { env: 'PORTAINER_ADMIN_PASSWORD' }, apiKeys: [{ description: 'ci' }] });
    expect(manifest.users.map((user) => user.username)).toEqual(['bob', 'Zoe']);
    expect(manifest.users[0]).toEqual({ username: 'bob', role: 'standard', password: { env: 'BOB_PASSWORD' }, apiKeys: [{ description: 'a' }, { description: 'z' }] });
    expect(manifest.prune.users).toBe(false);
    expect(text).toContain('password: { env: BOB_PASSWORD }');
  });

  it("leaves out the keys it could not read, with a comment naming the admin and Portainer's reason", () => {
    const alice = { ...observedUser(2, 'alice', 'admin'), apiKeysUnreadable: { cause: 'other-admin' as const } };
    const text = exportManifest(observedState([initialAdmin([]), alice]));
    expect(parsed(text).users[0]).toEqual({ username: 'alice', role: 'admin', password: { env: 'ALICE_PASSWORD' } });
    expect(text).toMatch(/# alice's API keys are not listed: Portainer lets only alice list its own keys/);
    expect(text).toMatch(/# Note: API keys not read \(so not listed\) for: alice/);
  });

  it('leaves a user whose keys share a description with no apiKeys, so plan does not delete the copies', () => {
    const text = exportManifest(observedState([initialAdmin([]), observedUser(2, 'bob', 'standard', [observedKey(5, 'x'), observedKey(6, 'x')])]));
    expect(parsed(text).users[0]?.apiKeys).toBeUndefined();
    expect(text).toContain('several keys share the description "x"');
  });

  it('writes no apiKeys for a standard user without keys (a later promotion changes nothing), unless asked for empty key lists', () => {
    const observed = observedState([initialAdmin([]), observedUser(2, 'bob', 'standard', []), observedUser(3, 'root', 'admin', [])]);
    const text = exportManifest(observed);
    expect(parsed(text).users).toEqual([
      { username: 'bob', role: 'standard', password: { env: 'BOB_PASSWORD' } },
      { username: 'root', role: 'admin', password: { env: 'ROOT_PASSWORD' }, apiKeys: [] },
    ]);
    expect(text.replace(/\n# /g, ' ')).toContain('export --empty-key-lists writes apiKeys: [] instead');
    expect(parsed(exportManifest(observed, { emptyKeyLists: true })).users[0]).toEqual({ username: 'bob', role: 'standard', password: { env: 'BOB_PASSWORD' }, apiKeys: [] });
  });

  it('has no admin block when user Id 1 is not an admin', () => {
    const manifest = parsed(exportManifest(observedState([observedUser(1, 'admin', 'standard', []), observedUser(2, 'root', 'admin', [])])));
    expect(manifest.admin).toBeUndefined();
    expect(manifest.users.map((user) => `${user.username}:${user.role}`)).toEqual(['admin:standard', 'root:admin']);
  });

  it('quotes names YAML would read as something else', () => {
    const manifest = parsed(exportManifest(observedState([initialAdmin([]), observedUser(2, 'null', 'standard', [observedKey(1, 'a: b #c')]), observedUser(3, '123')])));
    expect(manifest.users.map((user) => user.username)).toEqual(['123', 'null']);
    expect(manifest.users[1]?.apiKeys).toEqual([{ description: 'a: b #c' }]);
  });

  it('leaves out, with a note, a user whose name a manifest cannot hold', () => {
    const text = exportManifest(observedState([initialAdmin([]), observedUser(2, 'two\twords')]));
    expect(parsed(text).users).toEqual([]);
    expect(text).toContain('user Id 2 is left out');
    expect(parse(text)).toBeTruthy();
  });
});

describe('passwordEnvNames', () => {
  it('derives a valid, unique variable name from each username', () => {
    const names = passwordEnvNames(['root', 'maria.garcia', 'maria_garcia', 'José', '9lives', 'порт', 'portainer-admin'], 'root');
    expect([...names.values()]).toEqual([
      'PORTAINER_ADMIN_PASSWORD',
      'MARIA_GARCIA_PASSWORD',
      'MARIA_GARCIA_PASSWORD_2',
      'JOSE_PASSWORD',
      'USER_9LIVES_PASSWORD',
      'USER_PASSWORD',
      'PORTAINER_ADMIN_PASSWORD_2',
    ]);
    for (const name of names.values()) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });
});
