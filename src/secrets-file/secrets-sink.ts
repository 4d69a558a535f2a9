import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../files/write-atomic.js';
import type { PendingKey as PlannedPendingKey } from '../plan/lost-keys.js';
import type { Secret } from '../secret.js';
import { UserFacingError } from '../user-message.js';
import { withFileLock, type StaleLockNote } from './file-lock.js';

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

interface PendingEntry {
  keysBefore: number[];
  requestedAt: string;
}

/**
 * The file as data. Every table keyed by a username or a key description has
 * no prototype, so a user called `__proto__` or `constructor`, or a key so
 * described, is a key like any other. Fields of a newer version are kept.
 */
interface SecretsDocument {
  users: Table<Table<string>>;
  /** Which server key each raw value in `users` is (an additive field; older files have none). */
  keyIds: Table<Table<number>>;
  pending: Table<Table<PendingEntry>>;
  others: [string, unknown][];
}

type Table<T> = Record<string, T>;

function table<T>(): Table<T> {
  return Object.create(null) as Table<T>;
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

  async pendingKeys(): Promise<PendingKey[]> {
    await this.#queue;
    return readPendingKeys(this.path);
  }

  /** After an apply that completed: every intent was fulfilled or had nothing to lose. Writes only when there were any. */
  async clearPending(): Promise<void> {
    if ((await this.pendingKeys()).length === 0) return;
    await this.#update((document) => void (document.pending = table()));
  }

  #update(change: (document: SecretsDocument) => void): Promise<void> {
    const write = this.#queue.then(() =>
      withFileLock(
        this.path,
        async () => {
          const document = await readSecretsDocument(this.path);
          change(document);
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

function entryOf<T>(tables: Table<Table<T>>, username: string): Table<T> {
  let entry = tables[username];
  if (!entry) tables[username] = entry = table<T>();
  return entry;
}

function forgetIntent(document: SecretsDocument, username: string, description: string): void {
  const ofUser = document.pending[username];
  if (!ofUser) return;
  delete ofUser[description];
  if (Object.keys(ofUser).length === 0) delete document.pending[username];
}

/** `users` exactly as it always was; `pending` only when there is any; a newer version's fields after them. */
function serialise(document: SecretsDocument): string {
  const shape = table<unknown>();
  shape['users'] = document.users;
  if (Object.keys(document.keyIds).length > 0) shape['keyIds'] = document.keyIds;
  if (Object.keys(document.pending).length > 0) shape['pending'] = document.pending;
  for (const [key, value] of document.others) shape[key] = value;
  return `${JSON.stringify(shape, null, 2)}\n`;
}

async function readSecretsDocument(path: string): Promise<SecretsDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { users: table(), keyIds: table(), pending: table(), others: [] };
    throw error;
  }
  const document = parseSecretsDocument(text);
  if (!document) throw new SecretsFileError(`${path} is not a secrets file of this tool ({"users": {...}}); refusing to overwrite it`);
  return document;
}

/**
 * The file's JSON, checked by hand rather than by a schema: a schema's
 * output is a plain object, where a user called `__proto__` would vanish.
 */
function parseSecretsDocument(text: string): SecretsDocument | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const users = tablesOf(value['users'], (raw) => (typeof raw === 'string' ? raw : undefined));
  const pending = value['pending'] === undefined ? table<Table<PendingEntry>>() : tablesOf(value['pending'], pendingEntryOf);
  const keyIds = value['keyIds'] === undefined ? table<Table<number>>() : tablesOf(value['keyIds'], (raw) => (Number.isInteger(raw) ? (raw as number) : undefined));
  if (!users || !pending || !keyIds) return undefined;
  const others = Object.entries(value).filter(([key]) => !KNOWN_FIELDS.has(key));
  return { users, keyIds, pending, others };
}

const KNOWN_FIELDS = new Set(['users', 'keyIds', 'pending']);

function tablesOf<T>(value: unknown, entry: (raw: unknown) => T | undefined): Table<Table<T>> | undefined {
  if (!isObject(value)) return undefined;
  const outer = table<Table<T>>();
  for (const [username, inner] of Object.entries(value)) {
    if (!isObject(inner)) return undefined;
    const row = table<T>();
    for (const [description, raw] of Object.entries(inner)) {
      const parsed = entry(raw);
      if (parsed === undefined) return undefined;
      row[description] = parsed;
    }
    outer[username] = row;
  }
  return outer;
}

function pendingEntryOf(raw: unknown): PendingEntry | undefined {
  if (!isObject(raw) || !Array.isArray(raw['keysBefore']) || typeof raw['requestedAt'] !== 'string') return undefined;
  const keysBefore = raw['keysBefore'];
  if (!keysBefore.every((id) => Number.isInteger(id))) return undefined;
  return { keysBefore: keysBefore as number[], requestedAt: raw['requestedAt'] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class SecretsFileError extends UserFacingError {}
