import { randomBytes } from 'node:crypto';
import { UserFacingError } from '../user-message.js';
import { closeSync, constants, fstatSync, linkSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';

/**
 * A lock file that names its holder: created whole (written under a
 * temporary name, then hard-linked into place, which fails when the lock
 * exists), so nobody ever reads half a holder. A holder whose process is gone
 * is taken over under a second, short-lived lock, so that two processes
 * taking over one dead holder never remove each other's fresh lock.
 */

export interface LockHolder {
  pid: number;
  /** ISO 8601: when the holder took the lock. */
  since: string;
  /** Unique per taking, so a holder removes only its own lock. */
  token: string;
  /** The process's start time as the kernel counts it (Linux), so a reused pid is not mistaken for the holder. */
  started?: string;
}

/** The lock is not a lock file (a folder, someone else's file): it cannot be taken, and a person must look. */
export class LockFileError extends UserFacingError {}

/** True when `holder` now holds the lock; false when someone else does. */
export function tryCreate(file: string, holder: LockHolder): boolean {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const started = startTimeOf(process.pid);
  writeFileSync(temporary, `${JSON.stringify({ ...holder, ...(started ? { started } : {}) })}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Who holds the lock; `vanished` when it was released meanwhile; a holder with pid 0 when the file holds no holder. */
export function holderOf(file: string): LockHolder | 'vanished' {
  let descriptor: number;
  try {
    descriptor = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'vanished';
    throw new LockFileError(`${file} is not a lock file this tool made (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}); remove it`);
  }
  try {
    if (!fstatSync(descriptor).isFile()) throw new LockFileError(`${file} is not a lock file this tool made (not a regular file); remove it`);
    return parseHolder(readFileSync(descriptor, 'utf8'));
  } finally {
    closeSync(descriptor);
  }
}

function parseHolder(text: string): LockHolder {
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (Number.isSafeInteger(parsed.pid) && typeof parsed.since === 'string' && typeof parsed.token === 'string') {
      return { pid: parsed.pid!, since: parsed.since, token: parsed.token, ...(typeof parsed.started === 'string' ? { started: parsed.started } : {}) };
    }
  } catch {
    // Not a holder: below.
  }
  return { pid: 0, since: 'an unknown time', token: '' };
}

/** Whether the holder's process still runs (a pid of another process started since does not count). */
export function isAlive(holder: LockHolder): boolean {
  if (holder.pid <= 0) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = startTimeOf(holder.pid);
  return holder.started === undefined || started === undefined || started === holder.started;
}

/** Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot; undefined off Linux. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** A takeover lasts microseconds; one older than this belongs to a process killed in the middle of it. */
const TAKEOVER_STALE_MS = 10_000;

/** Removes the lock of a dead holder, unless it changed hands meanwhile. Safe to call from several processes at once. */
export function takeOverFrom(file: string, dead: LockHolder): void {
  const guard = `${file}.takeover`;
  try {
    writeFileSync(guard, `${process.pid}\n`, { mode: 0o600, flag: 'wx' });
  } catch {
    // Another process is taking it over; a guard left by a killed one is removed so the next try succeeds.
    const age = Date.now() - (statSync(guard, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > TAKEOVER_STALE_MS) rmSync(guard, { force: true });
    return;
  }
  try {
    const now = holderOf(file);
    if (now !== 'vanished' && now.token === dead.token && now.pid === dead.pid) rmSync(file, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
}

/** Removes the lock if `holder` still holds it (never another's, whatever happened meanwhile). */
export function removeIfStill(file: string, holder: LockHolder): void {
  try {
    const now = holderOf(file);
    if (now !== 'vanished' && now.token === holder.token) rmSync(file, { force: true });
  } catch {
    // Nothing of ours to remove.
  }
}
