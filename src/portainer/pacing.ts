import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
    const fromFile = this.#refill(this.#stateFile === undefined ? undefined : this.#sane(readBucket(this.#stateFile), now), now);
    return Math.min(fromMemory, fromFile);
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

/** A missing, unreadable or nonsensical file means nobody spent anything: a full bucket. */
function readBucket(file: string): BucketState | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
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
