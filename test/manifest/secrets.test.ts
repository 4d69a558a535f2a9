import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkManifest, formatIssue, loadManifest, passwordFor, resolveSecret, toDesiredState } from '../../src/manifest/index.js';
import { withEnv, writeManifest } from './support.js';

/** Recognisable values: if any shows up in an output, it leaked. */
const SECRETS = {
  LEAK_ADMIN_PASSWORD: 'LEAK-admin-9f3c2e',
  LEAK_ALICE_PASSWORD: 'LEAK-alice-7b1d4a',
  fileSecret: 'LEAK-file-5e8a0c',
};

const MANIFEST = `version: 1
admin:
  username: admin
  password: { env: LEAK_ADMIN_PASSWORD }
users:
  - username: alice
    password: { env: LEAK_ALICE_PASSWORD }
    apiKeys:
      - description: deploy
  - username: bob
    password: { file: bob.txt }
`;

function expectNoSecret(text: string): void {
  for (const secret of Object.values(SECRETS)) expect(text, 'a secret leaked').not.toContain(secret);
}

describe('secrets never leave the loader', () => {
  it('not in anything it returns, serialised or inspected', async () => {
    const restore = withEnv({ LEAK_ADMIN_PASSWORD: SECRETS.LEAK_ADMIN_PASSWORD, LEAK_ALICE_PASSWORD: SECRETS.LEAK_ALICE_PASSWORD });
    try {
      const path = writeManifest(MANIFEST, { 'bob.txt': `${SECRETS.fileSecret}\n` });
      const loaded = await loadManifest(path);
      const desired = toDesiredState(loaded);
      const passwords = ['admin', 'alice', 'bob'].map((user) => passwordFor(loaded, user));
      const check = await checkManifest(path, { secrets: true });
      for (const value of [loaded, desired, passwords, check]) {
        expectNoSecret(JSON.stringify(value));
        expectNoSecret(inspect(value, { depth: 10 }));
        expectNoSecret(String(value));
      }
      expect(passwords.map((secret) => secret?.reveal())).toEqual([SECRETS.LEAK_ADMIN_PASSWORD, SECRETS.LEAK_ALICE_PASSWORD, SECRETS.fileSecret]);
    } finally {
      restore();
    }
  });

  it('not in any error message, even for a secret typed where it does not belong', async () => {
    const secret = SECRETS.LEAK_ADMIN_PASSWORD;
    const texts = [
      `version: 1\nadmin:\n  username: admin\n  password: { ${secret} }\n`,
      `version: 1\nadmin:\n  username: admin\n  password: { env: X, value: ${secret} }\n`,
      `version: 1\nadmin:\n  username: admin\n  password: [${secret}]\n`,
      `version: 1\nadmin:\n  username: admin\n  password: ${secret}\n  role: admin\n`,
      `version: 1\nusers:\n  - username: bob\n    password: { env: ${secret} }\n`,
      `version: 1\nusers:\n  - username: bob\n    password: ${secret}: x\n`,
      `version: 1\nusers:\n  - username: bob\n    password: "${secret}\n`,
    ];
    for (const text of texts) {
      const { issues } = await checkManifest(writeManifest(text), { secrets: true });
      expect(issues.length).toBeGreaterThan(0);
      expectNoSecret(issues.map(formatIssue).join('\n'));
      expectNoSecret(JSON.stringify(issues));
      await loadManifest(writeManifest(text)).then(
        (loaded) => expectNoSecret(JSON.stringify(loaded.warnings)),
        (error: { userMessage: string }) => expectNoSecret(error.userMessage),
      );
    }
  });

  it('not in the message of a secret that cannot be read', () => {
    const restore = withEnv({ LEAK_EMPTY: '' });
    try {
      for (const ref of [{ env: 'LEAK_UNSET_VARIABLE' }, { env: 'LEAK_EMPTY' }, { file: 'missing.txt' }]) {
        let message = '';
        try {
          resolveSecret(ref, '/nonexistent', 'alice');
        } catch (error) {
          message = (error as { userMessage: string }).userMessage;
        }
        expect(message).toContain('"alice"');
        expect(message).toContain('env' in ref ? ref.env : ref.file);
      }
    } finally {
      restore();
    }
  });
});

describe('password files, bounded', () => {
  it('refuses a device, a FIFO and a file far larger than a password, without reading them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pu-secret-files-'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    writeFileSync(join(dir, 'big'), 'x'.repeat(65 * 1024));
    expect(() => resolveSecret({ file: '/dev/zero' }, dir, 'bob')).toThrow(/not a regular file/);
    expect(() => resolveSecret({ file: 'fifo' }, dir, 'bob')).toThrow(/not a regular file/);
    expect(() => resolveSecret({ file: 'big' }, dir, 'bob')).toThrow(/larger than 64 KiB/);
    rmSync(dir, { recursive: true, force: true });
  });
});
