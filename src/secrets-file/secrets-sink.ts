import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../files/write-atomic.js';
import type { Secret } from '../secret.js';
import type { PendingKey as PlannedPendingKey } from '../plan/lost-keys.js';
import { UserFacingError } from '../user-message.js';

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

const pendingEntrySchema = z.object({ keysBefore: z.array(z.number().int()), requestedAt: z.string() });

// `users` stays exactly as it always was; `pending` is an additive field, absent when empty.
const documentSchema = z.looseObject({
  users: z.record(z.string(), z.record(z.string(), z.string())),
  pending: z.record(z.string(), z.record(z.string(), pendingEntrySchema)).optional(),
});
type SecretsDocument = z.infer<typeof documentSchema>;

/**
 * Where raw API keys go: Portainer shows each exactly once, so each one is
 * written the moment it arrives, merged with what the file already holds,
 * atomically and readable by the owner alone. Before each creation is sent,
 * the intent is written too (see `PendingKey`).
 */
export class SecretsSink {
  readonly path: string;
  #document: SecretsDocument | undefined;
  /** Writes happen one after another, each on top of the last. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    this.path = path;
  }

  /** Call just before sending a key creation. */
  recordIntent(username: string, description: string, keysBefore: number[]): Promise<void> {
    return this.#update((document) => {
      const pending = (document.pending ??= {});
      (pending[username] ??= {})[description] = { keysBefore, requestedAt: new Date().toISOString() };
    });
  }

  /** The raw key, and the end of its intent, in one write. */
  record(username: string, description: string, rawKey: Secret): Promise<void> {
    return this.#update((document) => {
      (document.users[username] ??= {})[description] = rawKey.reveal();
      forgetIntent(document, username, description);
    });
  }

  async pendingKeys(): Promise<PendingKey[]> {
    await this.#queue;
    return pendingOf(this.#document ?? (await readSecretsDocument(this.path)));
  }

  /** After an apply that completed: every intent was fulfilled or had nothing to lose. Writes only when there were any. */
  async clearPending(): Promise<void> {
    if ((await this.pendingKeys()).length === 0) return;
    await this.#update((document) => void delete document.pending);
  }

  #update(change: (document: SecretsDocument) => void): Promise<void> {
    const write = this.#queue.then(async () => {
      const document = this.#document ?? (await readSecretsDocument(this.path));
      change(document);
      this.#document = document;
      await writeFileAtomic(this.path, `${JSON.stringify(document, null, 2)}\n`, 0o600);
    });
    this.#queue = write.catch(() => undefined);
    return write;
  }
}

/** The key creations a secrets file says were sent and never answered; none when the file does not exist. */
export async function readPendingKeys(path: string): Promise<PendingKey[]> {
  return pendingOf(await readSecretsDocument(path));
}

function forgetIntent(document: SecretsDocument, username: string, description: string): void {
  const ofUser = document.pending?.[username];
  if (!ofUser) return;
  delete ofUser[description];
  if (Object.keys(ofUser).length === 0) delete document.pending?.[username];
  if (document.pending && Object.keys(document.pending).length === 0) delete document.pending;
}

function pendingOf(document: SecretsDocument): PendingKey[] {
  return Object.entries(document.pending ?? {}).flatMap(([username, keys]) =>
    Object.entries(keys).map(([description, entry]) => ({ username, description, ...entry })),
  );
}

async function readSecretsDocument(path: string): Promise<SecretsDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { users: {} };
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const document = documentSchema.safeParse(parsed);
  if (!document.success) {
    throw new SecretsFileError(`${path} is not a secrets file of this tool ({"users": {...}}); refusing to overwrite it`);
  }
  return document.data;
}

export class SecretsFileError extends UserFacingError {}
