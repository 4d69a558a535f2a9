import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Keeps the tool under Portainer's rate limit. `POST /auth`,
 * `POST /users/{id}/tokens` and `PUT /users/{id}/passwd` share one token
 * bucket per client IP (burst 10, one token back per second); the request
 * that finds it empty bans the IP from all three for an hour. So every such
 * call first takes a token from our own model of that bucket, which is
 * smaller and slower than the server's, so that network jitter and a stray
 * browser login still leave it unemptied.
 *
 * The model is shared by every client of this process for one server and,
 * through a small JSON file, by every other process of this user too
 * (`pacing-registry.ts` says which file): CI runs `plan` then `apply` within
 * seconds, and the server remembers what `plan` spent.
 */

export interface BucketPolicy {
  /** Tokens we let ourselves spend at once (the server allows 10). */
  burst: number;
  /** One token comes back per this many milliseconds (the server: 1000). */
  refillMs: number;
}

/** Two tokens and 5% of the rate in hand. */
export const ASSUMED_BUCKET: BucketPolicy = { burst: 8, refillMs: 1050 };

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: PacerClock = { now: () => Date.now(), sleep: (ms) => sleep(ms) };

/** The bucket as it stood at `atMs` (wall-clock milliseconds, comparable across processes). */
interface BucketState {
  tokens: number;
  atMs: number;
}

export interface PacerOptions {
  /** Where the bucket is remembered between processes; none keeps it in memory only. */
  stateFile?: string;
  clock?: PacerClock;
  policy?: BucketPolicy;
}

export class Pacer {
  readonly #stateFile: string | undefined;
  readonly #clock: PacerClock;
  readonly #policy: BucketPolicy;
  #memory: BucketState | undefined;
  /** When the state file was first found untrustworthy (a link, another user's file, garbage): the bucket counts as empty from then. */
  #distrustedSince: number | undefined;
  /** Paced calls take their tokens one after another, in the order they asked. */
  #queue: Promise<void> = Promise.resolve();

  constructor(options: PacerOptions = {}) {
    this.#stateFile = options.stateFile;
    this.#clock = options.clock ?? realClock;
    this.#policy = options.policy ?? ASSUMED_BUCKET;
  }

  /** Resolves when one paced call may be sent now; the token is spent when it resolves. */
  acquire(): Promise<void> {
    const turn = this.#queue.then(() => this.#takeToken());
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #takeToken(): Promise<void> {
    for (;;) {
      const tokens = await this.#withFileLock(() => this.#spendIfAvailable());
      if (tokens === 'spent') return;
      // Look again after waiting: another process may have spent tokens meanwhile.
      await this.#clock.sleep(Math.ceil((1 - tokens) * this.#policy.refillMs));
    }
  }

  /** Read, decide and write as one step, so two processes never spend the same token. */
  #spendIfAvailable(): 'spent' | number {
    const now = this.#clock.now();
    const tokens = this.#tokensAt(now);
    // A hair of tolerance: sleeping exactly the computed time must be enough.
    if (tokens < 1 - 1e-9) return tokens;
    this.#remember({ tokens: Math.max(0, tokens - 1), atMs: now });
    return 'spent';
  }

  async #withFileLock<T>(step: () => T): Promise<T> {
    if (this.#stateFile === undefined) return step();
    const lock = `${this.#stateFile}.lock`;
    for (let attempt = 0; !takeLock(lock); attempt += 1) {
      // A lock held this long belongs to a process that died holding it.
      if (attempt >= LOCK_ATTEMPTS) rmSync(lock, { force: true });
      await this.#clock.sleep(LOCK_RETRY_MS);
    }
    try {
      return step();
    } finally {
      rmSync(lock, { force: true });
    }
  }

  /** The fewer tokens of what this process remembers and what the file says. */
  #tokensAt(now: number): number {
    const fromMemory = this.#refill(this.#sane(this.#memory, now), now);
    return Math.min(fromMemory, this.#refill(this.#fileState(now), now));
  }

  /**
   * What the file says. A file that cannot be trusted may hide what another
   * process spent, so it counts as an empty bucket (tokens come back at the
   * refill rate from the moment it was found), never as a full one; writing
   * our own state replaces it (the rename replaces a link, never follows it).
   */
  #fileState(now: number): BucketState | undefined {
    if (this.#stateFile === undefined) return undefined;
    const read = readBucket(this.#stateFile);
    if (read !== 'untrusted') {
      this.#distrustedSince = undefined;
      return read === 'absent' ? undefined : this.#sane(read, now);
    }
    this.#distrustedSince ??= now;
    const empty = { tokens: 0, atMs: this.#distrustedSince };
    writeBucket(this.#stateFile, empty);
    return empty;
  }

  /**
   * A state stamped in the future (a clock set back since it was written)
   * would keep the bucket empty until that moment; it is moved to now, and
   * written so, which bounds the wait to one refill (we hold the file's lock here).
   */
  #sane(state: BucketState | undefined, now: number): BucketState | undefined {
    if (state === undefined || state.atMs <= now) return state;
    const clamped = { tokens: Math.max(0, state.tokens), atMs: now };
    this.#remember(clamped);
    return clamped;
  }

  #refill(state: BucketState | undefined, now: number): number {
    const { burst, refillMs } = this.#policy;
    if (state === undefined) return burst;
    // A clock that went backwards gives no tokens back rather than a wild number.
    const elapsed = Math.max(0, now - state.atMs);
    return Math.min(burst, Math.max(0, state.tokens) + elapsed / refillMs);
  }

  #remember(state: BucketState): void {
    this.#memory = state;
    if (this.#stateFile !== undefined) writeBucket(this.#stateFile, state);
  }
}

const LOCK_RETRY_MS = 10;
const LOCK_ATTEMPTS = 300;

/** True when this process now holds the lock; false when another does. Unlockable places count as held. */
function takeLock(lock: string): boolean {
  try {
    closeSync(openSync(lock, 'wx', 0o600));
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EEXIST';
  }
}

/**
 * A missing file means nobody spent anything: a full bucket, and so does one
 * of ours that holds no bucket (it is only ever written whole). A file that
 * is not this user's regular file, or cannot be read, is `untrusted` (the
 * folder is private, so someone tampered with it). It is
 * opened without following a link and without blocking on a FIFO, and
 * checked through the open descriptor, so it cannot be swapped in between.
 */
function readBucket(file: string): BucketState | 'absent' | 'untrusted' {
  let descriptor: number;
  try {
    descriptor = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'untrusted';
  }
  try {
    const stats = fstatSync(descriptor);
    const uid = process.getuid?.();
    if (!stats.isFile() || (uid !== undefined && stats.uid !== uid) || stats.size > MAX_STATE_BYTES) return 'untrusted';
    return parseBucket(readFileSync(descriptor, 'utf8')) ?? 'absent';
  } catch {
    return 'untrusted';
  } finally {
    closeSync(descriptor);
  }
}

/** The state file is a line of JSON; anything much longer is not one. */
const MAX_STATE_BYTES = 4096;

function parseBucket(text: string): BucketState | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { tokens, atMs } = parsed as Record<string, unknown>;
    if (typeof tokens !== 'number' || typeof atMs !== 'number' || !Number.isFinite(tokens) || !Number.isFinite(atMs)) return undefined;
    return { tokens, atMs };
  } catch {
    return undefined;
  }
}

/**
 * Written whole and renamed into place, so a reader never sees half a file;
 * the temporary file has an unguessable name and is created exclusively, so a
 * link planted in the folder is never followed. Best effort: pacing in memory still works.
 */
function writeBucket(file: string, state: BucketState): void {
  const temporary = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify(state) + '\n', { mode: 0o600, flag: 'wx' });
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
  }
}
