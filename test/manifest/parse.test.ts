import { describe, expect, it } from 'vitest';
import { formatIssue, parseManifest } from '../../src/manifest/index.js';

const lines = (text: string) => parseManifest(text, 'users.yaml').issues.map(formatIssue);

describe('parseManifest', () => {
  it('fills in defaults: role standard, no prune of users or teams, prune of memberships, no protection', () => {
    const { manifest, issues } = parseManifest('version: 1\nusers:\n  - username: alice\n', 'users.yaml');
    expect(issues).toEqual([]);
    expect(manifest).toEqual({
      version: 1,
      users: [{ username: 'alice', role: 'standard' }],
      prune: { users: false, protect: [], teams: false, memberships: true, access: true },
    });
  });

  it('points at the value: the example of the brief', () => {
    const text = 'version: 1\nusers:\n  - username: alice\n    role: superuser\n';
    expect(lines(text)).toEqual(['users.yaml:4:11: users[0].role: must be admin or standard, got "superuser"']);
  });

  it('points an unknown key at the key itself', () => {
    expect(lines('version: 1\nfoo: 1\n')).toEqual(['users.yaml:2:1: foo: unknown key "foo"']);
  });

  it('reports a missing field on the entry that lacks it', () => {
    expect(lines('version: 1\nusers:\n  - role: admin\n')).toEqual(['users.yaml:3:5: users[0]: username is required']);
  });

  it('gives YAML syntax errors a position', () => {
    const [line] = lines('version: 1\nusers: [alice\n');
    expect(line).toMatch(/^users\.yaml:\d+:\d+: YAML syntax: /);
  });

  it('refuses an empty file and a document that is not a mapping', () => {
    expect(lines('')).toEqual(['users.yaml:1:1: the manifest is empty; it must be a mapping starting with version: 1']);
    expect(lines('- alice\n')).toEqual(['users.yaml:1:1: the manifest must be a mapping with version: 1, got a list']);
  });

  it('treats usernames differing only in case as one user, the admin block included', () => {
    const text = 'version: 1\nadmin:\n  username: Admin\n  password: { env: X }\nusers:\n  - username: admin\n';
    expect(lines(text)).toEqual([
      'users.yaml:6:15: users[0].username: "admin" is the same user as "Admin" in the admin block (Portainer compares usernames case-insensitively)',
    ]);
  });

  it('accepts a plain-text password with a warning and still returns the manifest', () => {
    const { manifest, issues } = parseManifest('version: 1\nusers:\n  - username: a\n    password: pw\n', 'users.yaml');
    expect(manifest).toBeDefined();
    expect(issues.map((issue) => issue.severity)).toEqual(['warning']);
    expect(formatIssue(issues[0]!)).toMatch(/^users\.yaml:4:15: warning: users\[0\]\.password: /);
  });

  it('accepts maxDeletes as a count or a percentage, and nothing else', () => {
    const parse = (value: string) => parseManifest(`version: 1\nprune:\n  maxDeletes: ${value}\n`, 'm.yaml');
    expect(parse('5').manifest?.prune.maxDeletes).toBe(5);
    expect(parse('20%').manifest?.prune.maxDeletes).toBe('20%');
    expect(parse('12.5%').manifest?.prune.maxDeletes).toBe('12.5%');
    for (const bad of ['-1', '1.5', '120%', 'lots', '"5"']) expect(parse(bad).manifest, bad).toBeUndefined();
  });

  it('keeps an empty apiKeys list apart from a missing one', () => {
    const { manifest } = parseManifest('version: 1\nusers:\n  - username: a\n    apiKeys: []\n  - username: b\n', 'm.yaml');
    expect(manifest?.users[0]?.apiKeys).toEqual([]);
    expect(manifest?.users[1]).not.toHaveProperty('apiKeys');
  });

  it('finds positions through flow mappings', () => {
    const text = 'version: 1\nusers: [{ username: a, role: boss }]\n';
    expect(lines(text)).toEqual(['users.yaml:2:30: users[0].role: must be admin or standard, got "boss"']);
  });
});
