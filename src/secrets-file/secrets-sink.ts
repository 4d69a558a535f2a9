import { writeFileAtomic } from '../files/write-atomic.js';
import type { PendingKey as PlannedPendingKey } from '../plan/lost-keys.js';
import type { Secret } from '../secret.js';
import { withFileLock, type StaleLockNote } from './file-lock.js';
import { entryOf, forgetIntent, moveUserEntries, readSecretsDocument, serialise, table, type SecretsDocument } from './secrets-document.js';

export { SecretsFileError } from './secrets-document.js';

/**
 * A key creation that was sent but whose raw value has not been written yet.
 * If the answer is lost, the key exists on Portainer and its raw value exists
 * nowhere; this record is how the next run can tell such a key from one whose
 * value is safe in the file: it is any key with this description whose id is
 * not in `keysBefore`.
 */
export interface PendingKey extends PlannedPendingKey {
  /** ISO time the creation was sent, for a person reading the file. */
  requestedAt: string;
}

/**
 * Where raw API keys go: Portainer shows each exactly once, so each one is
 * written the moment it arrives, readable by the owner alone. Every write
 * takes the file's lock, reads it again, changes the one entry and writes it
 * atomically: two applies sharing one file (or one apply and a person) keep
 * every key. Before each creation is sent, the intent is written too
 * (see `PendingKey`).
 */
export class SecretsSink {
  readonly path: string;
  readonly #onNote: (note: StaleLockNote) => void;
  /** Writes of this process happen one after another; the lock orders them with other processes'. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(path: string, onNote: (note: StaleLockNote) => void = () => {}) {
    this.path = path;
    this.#onNote = onNote;
  }

  /** Call just before sending a key creation. */
  recordIntent(username: string, description: string, keysBefore: number[]): Promise<void> {
    return this.#update((document) => {
      entryOf(document.pending, username)[description] = { keysBefore, requestedAt: new Date().toISOString() };
    });
  }

  /**
   * The raw key, and the end of its intent, in one write. Two applies of one
   * manifest may each create the key; the file keeps the newer (the one the
   * next plan keeps: it deletes older copies), whichever answer came last.
   */
  record(username: string, description: string, rawKey: Secret, keyId: number): Promise<void> {
    return this.#update((document) => {
      const filedId = document.keyIds[username]?.[description];
      const filed = document.users[username]?.[description] !== undefined;
      if (!(filed && filedId !== undefined && filedId > keyId)) {
        entryOf(document.users, username)[description] = rawKey.reveal();
        entryOf(document.keyIds, username)[description] = keyId;
      }
      forgetIntent(document, username, description);
    });
  }

  /**
   * A user renamed in place keeps its keys on the server, so its raw keys, key
   * ids and pending intents move to its new name here too: the next plan finds
   * them there. Names are matched as Portainer folds them. Writes only when the
   * file files anything under the earlier name.
   */
  moveUser(previous: string, username: string): Promise<void> {
    return this.#update((document) => moveUserEntries(document, previous, username));
  }

  async pendingKeys(): Promise<PendingKey[]> {
    await this.#queue;
    return readPendingKeys(this.path);
  }

  /** After an apply that completed: every intent was fulfilled or had nothing to lose. Writes only when there were any. */
  async clearPending(): Promise<void> {
    if ((await this.pendingKeys()).length === 0) return;
    await this.#update((document) => void (document.pending = table()));
  }

  /** `change` returns false when it changed nothing, and the file is then left as it is. */
  #update(change: (document: SecretsDocument) => boolean | void): Promise<void> {
    const write = this.#queue.then(() =>
      withFileLock(
        this.path,
        async () => {
          const document = await readSecretsDocument(this.path);
          if (change(document) === false) return;
          await writeFileAtomic(this.path, serialise(document), 0o600);
        },
        this.#onNote,
      ),
    );
    this.#queue = write.catch(() => undefined);
    return write;
  }
}

/** The key creations a secrets file says were sent and never answered; none when the file does not exist. */
export async function readPendingKeys(path: string): Promise<PendingKey[]> {
  const { pending } = await readSecretsDocument(path);
  return Object.entries(pending).flatMap(([username, keys]) =>
    Object.entries(keys).map(([description, entry]) => ({ username, description, ...entry })),
  );
}

