import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ManifestError, loadManifest, passwordFor, resolveSecret, SecretError } from '../../src/manifest/index.js';
import { withEnv, writeManifest } from './support.js';

const MANIFEST = `version: 1
admin:
  username: admin
  password: { env: LOAD_TEST_ADMIN_PASSWORD }
users:
  - username: Alice
    password: { file: alice.txt }
  - username: bob
`;

describe('loadManifest', () => {
  it('returns the manifest with its folder and the digest of its bytes', async () => {
    const path = writeManifest(MANIFEST);
    const loaded = await loadManifest(path);
    expect(loaded.file).toBe(path);
    expect(loaded.dir).toBe(path.replace(/\/users\.yaml$/, ''));
    expect(loaded.digest).toBe(`sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    expect(loaded.manifest.users.map((user) => user.username)).toEqual(['Alice', 'bob']);
    expect(loaded.warnings).toEqual([]);
  });

  it('does not read secrets: a missing variable is not an error when loading', async () => {
    const restore = withEnv({ LOAD_TEST_ADMIN_PASSWORD: undefined });
    try {
      await expect(loadManifest(writeManifest(MANIFEST))).resolves.toBeDefined();
    } finally {
      restore();
    }
  });

  it('throws a ManifestError naming the file when it cannot be read', async () => {
    const error = await loadManifest('no/such/users.yaml').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).userMessage).toBe('no/such/users.yaml: cannot read the manifest: no such file');
  });

  it('throws a ManifestError with one line per problem', async () => {
    const error = (await loadManifest(writeManifest('version: 2\nfoo: 1\n')).catch((caught: unknown) => caught)) as ManifestError;
    expect(error).toBeInstanceOf(ManifestError);
    expect(error.issues).toHaveLength(2);
    expect(error.userMessage.split('\n')).toHaveLength(2);
  });
});

describe('passwordFor', () => {
  it('finds a password case-insensitively, the admin block included, reading the file relative to the manifest', async () => {
    const restore = withEnv({ LOAD_TEST_ADMIN_PASSWORD: 'admin-password-value' });
    try {
      const loaded = await loadManifest(writeManifest(MANIFEST, { 'alice.txt': 'alice-password-value\n' }));
      expect(passwordFor(loaded, 'ADMIN')?.reveal()).toBe('admin-password-value');
      expect(passwordFor(loaded, 'alice')?.reveal()).toBe('alice-password-value');
      expect(passwordFor(loaded, 'bob')).toBeUndefined();
      expect(passwordFor(loaded, 'nobody')).toBeUndefined();
    } finally {
      restore();
    }
  });

  it('throws a SecretError naming the variable and the user when it cannot be read', async () => {
    const restore = withEnv({ LOAD_TEST_ADMIN_PASSWORD: undefined });
    try {
      const loaded = await loadManifest(writeManifest(MANIFEST));
      expect(() => passwordFor(loaded, 'admin')).toThrow(SecretError);
      expect(() => passwordFor(loaded, 'admin')).toThrow('environment variable LOAD_TEST_ADMIN_PASSWORD is not set (the password of user "admin")');
      expect(() => passwordFor(loaded, 'alice')).toThrow('cannot read file alice.txt: no such file (the password of user "Alice")');
    } finally {
      restore();
    }
  });
});

describe('resolveSecret', () => {
  it('returns a plain string as a Secret that prints redacted', () => {
    const secret = resolveSecret('plain-value', '/', 'alice');
    expect(secret.reveal()).toBe('plain-value');
    expect(String(secret)).toBe('[redacted]');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[redacted]"}');
  });

  it('drops only the trailing newline of a file', () => {
    const dir = writeManifest('', { 'pw.txt': '  spaced pw  \r\n' }).replace(/\/users\.yaml$/, '');
    expect(resolveSecret({ file: 'pw.txt' }, dir, 'alice').reveal()).toBe('  spaced pw  ');
  });

  it('refuses an empty variable', () => {
    const restore = withEnv({ EMPTY_TEST_PASSWORD: '' });
    try {
      expect(() => resolveSecret({ env: 'EMPTY_TEST_PASSWORD' }, '/', 'bob')).toThrow('is empty (the password of user "bob")');
    } finally {
      restore();
    }
  });
});
