import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplyLockedError, lockApply } from '../../src/session/index.js';

/** The apply lock's file, in a runtime folder of this test's own. */
let runtime: string;
const saved = process.env['XDG_RUNTIME_DIR'];
beforeAll(() => {
  runtime = mkdtempSync(join(tmpdir(), 'pu-lock-'));
  process.env['XDG_RUNTIME_DIR'] = runtime;
});
afterAll(() => {
  if (saved === undefined) delete process.env['XDG_RUNTIME_DIR'];
  else process.env['XDG_RUNTIME_DIR'] = saved;
  rmSync(runtime, { recursive: true, force: true });
});

const URL = 'http://127.0.0.1:9';

/** Where the lock of URL lives: taken once and given back. */
async function lockFile(): Promise<string> {
  const lock = await lockApply(URL);
  lock.release();
  return lock.file;
}

describe('the apply lock file', () => {
  it('is one lock for every spelling of the server, and free again once released', async () => {
    const held = await lockApply(URL);
    await expect(lockApply('http://[::ffff:127.0.0.1]:9/')).rejects.toBeInstanceOf(ApplyLockedError);
    await expect(lockApply('http://localhost:9')).rejects.toThrow(/process \d+, since /);
    held.release();
    (await lockApply('http://localhost:9')).release();
  });

  it('takes over a holder whose pid now belongs to another process (started at another time)', async () => {
    const file = await lockFile();
    writeFileSync(file, JSON.stringify({ pid: process.pid, since: '2026-01-01T00:00:00.000Z', token: 'old', started: '1' }));
    (await lockApply(URL)).release();
  });

  it('takes over a file that names no holder, and a holder whose pid is gone', async () => {
    const file = await lockFile();
    writeFileSync(file, 'not a holder');
    (await lockApply(URL)).release();
    writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 12345, since: '2026-01-01T00:00:00.000Z', token: 'gone' }));
    (await lockApply(URL)).release();
  });

  it('waits for a live holder up to the timeout, then says so in a sentence', async () => {
    const held = await lockApply(URL);
    const started = Date.now();
    await expect(lockApply(URL, { timeoutMs: 300 })).rejects.toThrow(/kept running on this machine \(process \d+, since [^)]+\) for all of --lock-timeout 300 ms, so this one changed nothing/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    held.release();
  });

  it('refuses, in a sentence, a folder where the lock file should be', async () => {
    const file = await lockFile();
    mkdirSync(file);
    await expect(lockApply(URL)).rejects.toThrow(/is not a lock file this tool made \(not a regular file\); remove it$/);
    rmSync(file, { recursive: true });
  });
});
