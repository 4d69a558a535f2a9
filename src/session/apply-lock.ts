import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { readSavedPlan } from '../plan-format/saved-plan.js';
import { normaliseTarget, pacingDirectory, serverFileFor, serverKeyOf } from '../portainer/index.js';
import { originOf } from '../portainer/network/url.js';
import { UserFacingError } from '../user-message.js';
import { holderOf, isAlive, removeIfStill, takeOverFrom, tryCreate, type LockHolder } from './lock-file.js';
import type { Target } from './target.js';

/**
 * One apply per Portainer on this machine at a time. Portainer replaces an
 * access map whole and has no version to check, so two applies at once can
 * undo each other's grants; the lock makes the second wait or stop before it
 * reads anything. It is keyed like the login pacing (the server's address and
 * port, in one spelling, loopback as one), and kept in the same private
 * folder, so every URL spelling and every `TMPDIR` of this user meet it.
 * Across machines nothing can coordinate: CI must still serialise applies.
 */

/** Another apply holds the lock: its pid, and since when. */
export class ApplyLockedError extends UserFacingError {
  constructor(
    message: string,
    readonly holder: LockHolder,
  ) {
    super(message);
  }
}

export interface ApplyLock {
  /** The lock file, for messages and tests. */
  readonly file: string;
  /** Gives the lock up (again: nothing). Also done when the process exits. */
  release(): void;
}

export interface LockRequest {
  /** How long to wait for another apply's lock; 0 (the default) fails at once. */
  timeoutMs?: number;
  /** Said once, when the lock is held by another apply and this one waits for it. */
  onWait?: (holder: LockHolder) => void;
}

/** How often a waiting apply looks again. */
const POLL_MS = 200;
/** After taking over a dead holder's lock (or finding another process doing it), before trying again. */
const TAKEOVER_PAUSE_MS = 5;

/** Takes the apply lock of the Portainer at `url`, waiting up to `timeoutMs`; throws `ApplyLockedError` when another apply keeps it. */
export async function lockApply(url: string, request: LockRequest = {}): Promise<ApplyLock> {
  const origin = originOf(normaliseTarget(url));
  const key = await serverKeyOf(origin);
  const file = serverFileFor(key, pacingDirectory(), 'apply', 'lock');
  const token = randomBytes(12).toString('hex');
  const timeoutMs = request.timeoutMs ?? 0;
  const deadline = Date.now() + timeoutMs;
  let waited = false;
  for (;;) {
    const me: LockHolder = { pid: process.pid, since: new Date().toISOString(), token };
    if (tryCreate(file, me)) return heldLock(file, me);
    const holder = holderOf(file);
    if (holder === 'vanished') continue;
    if (!isAlive(holder)) {
      // Killed (kill -9, a power cut): its lock is taken over, never waited for.
      takeOverFrom(file, holder);
      await sleep(TAKEOVER_PAUSE_MS);
      continue;
    }
    if (Date.now() >= deadline) throw lockedError(origin, holder, timeoutMs);
    if (!waited) request.onWait?.(holder);
    waited = true;
    await sleep(Math.min(POLL_MS, Math.max(1, deadline - Date.now())));
  }
}

function heldLock(file: string, me: LockHolder): ApplyLock {
  const release = () => {
    process.off('exit', release);
    removeIfStill(file, me);
  };
  // Whatever way the process ends (an error, process.exit, a second Ctrl-C), the lock goes with it.
  process.on('exit', release);
  return { file, release };
}

function lockedError(origin: string, holder: LockHolder, timeoutMs: number): ApplyLockedError {
  const who = `process ${holder.pid}, since ${holder.since}`;
  const message =
    timeoutMs === 0
      ? `another apply to ${origin} is running on this machine (${who}), so this one changed nothing; run it again when that one has finished, or give --lock-timeout (e.g. 5m) to wait for it`
      : `another apply to ${origin} kept running on this machine (${who}) for all of --lock-timeout ${durationText(timeoutMs)}, so this one changed nothing; run it again when that one has finished`;
  return new ApplyLockedError(message, holder);
}

function durationText(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms} ms`;
}

/**
 * The lock for an apply of `target`, or of the saved plan's target when the
 * target names none; undefined when there is no usable URL at all (preparing
 * the plan then says what is wrong, before anything is read or written).
 */
export async function lockApplyTo(target: Target, request: LockRequest & { planFile?: string }): Promise<ApplyLock | undefined> {
  const url = target.url || (request.planFile ? (await readSavedPlan(request.planFile)).target : undefined);
  if (!url || !isUrl(url)) return undefined;
  return lockApply(url, request);
}

function isUrl(url: string): boolean {
  try {
    normaliseTarget(url);
    return true;
  } catch {
    return false;
  }
}
