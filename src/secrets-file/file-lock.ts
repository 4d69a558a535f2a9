import { hostname } from 'node:os';
import { open, readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeFileFailure } from '../files/read-failure.js';
import { UserFacingError } from '../user-message.js';

/** A lock another process holds for longer than a write could take. */
export class FileLockError extends UserFacingError {}

const RETRY_MS = 25;
/** One write of the secrets file takes milliseconds; a lock held this long is not a writer at work. */
const WAIT_MS = 30_000;

/** A stale lock taken over: the lock file and the pid that left it (said in words by render/apply/). */
export interface StaleLockNote {
  code: 'stale-lock-taken-over';
  lock: string;
  pid: number;
}

/**
 * Runs `step` holding an exclusive lock beside `path` (`path.lock`, created
 * with O_EXCL, holding the owner's pid and host). A lock whose owner is a
 * process of this host that no longer runs is stale: it is taken over, and
 * `onNote` says so. Any other lock is waited for, then refused.
 */
export async function withFileLock<T>(path: string, step: () => Promise<T>, onNote: (note: StaleLockNote) => void = () => {}): Promise<T> {
  const lock = `${path}.lock`;
  const started = Date.now();
  for (;;) {
    const handle = await open(lock, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return undefined;
      throw new FileLockError(`cannot lock ${path} (${lock}): ${describeFileFailure(error, error.message)}`);
    });
    if (handle) {
      try {
        await handle.writeFile(`${process.pid} ${hostname()}\n`);
      } finally {
        await handle.close();
      }
      try {
        return await step();
      } finally {
        await rm(lock, { force: true });
      }
    }
    const owner = await ownerOf(lock);
    if (owner && owner.host === hostname() && !isRunning(owner.pid)) {
      await rm(lock, { force: true });
      onNote({ code: 'stale-lock-taken-over', lock, pid: owner.pid });
      continue;
    }
    if (Date.now() - started > WAIT_MS) {
      const who = owner ? `process ${owner.pid} on ${owner.host}` : 'another process';
      throw new FileLockError(`${path} is locked by ${who} (${lock}) for more than ${WAIT_MS / 1000} s; if no apply is running, delete ${lock}`);
    }
    await sleep(RETRY_MS);
  }
}

async function ownerOf(lock: string): Promise<{ pid: number; host: string } | undefined> {
  const text = await readFile(lock, 'utf8').catch(() => '');
  const match = /^(\d+) (\S+)/.exec(text);
  return match ? { pid: Number(match[1]), host: match[2] ?? '' } : undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
