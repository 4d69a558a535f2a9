/** The secrets file as data: how it is read, checked, changed and written back (the sink locks around each change). */
import { readFile } from 'node:fs/promises';
import { foldUsername } from '../plan/match.js';
import { UserFacingError } from '../user-message.js';

export interface PendingEntry {
  keysBefore: number[];
  requestedAt: string;
}

/**
 * The file as data. Every table keyed by a username or a key description has
 * no prototype, so a user called `__proto__` or `constructor`, or a key so
 * described, is a key like any other. Fields of a newer version are kept.
 */
export interface SecretsDocument {
  users: Table<Table<string>>;
  /** Which server key each raw value in `users` is (an additive field; older files have none). */
  keyIds: Table<Table<number>>;
  pending: Table<Table<PendingEntry>>;
  others: [string, unknown][];
}

export type Table<T> = Record<string, T>;

export function table<T>(): Table<T> {
  return Object.create(null) as Table<T>;
}

export function entryOf<T>(tables: Table<Table<T>>, username: string): Table<T> {
  let entry = tables[username];
  if (!entry) tables[username] = entry = table<T>();
  return entry;
}

export function forgetIntent(document: SecretsDocument, username: string, description: string): void {
  const ofUser = document.pending[username];
  if (!ofUser) return;
  delete ofUser[description];
  if (Object.keys(ofUser).length === 0) delete document.pending[username];
}

/**
 * Every entry filed under a name that folds to `previous` goes under
 * `username`. Where the new name has an entry for the same description
 * already, it stays (it was written by a run that knew the new name), but for
 * a raw key whose key id is lower than the moved one's: the newer key is kept,
 * as `record` keeps it.
 */
export function moveUserEntries(document: SecretsDocument, previous: string, username: string): boolean {
  const folded = foldUsername(previous);
  const earlier = [document.users, document.keyIds, document.pending].flatMap((tables) => Object.keys(tables)).filter((name) => name !== username && foldUsername(name) === folded);
  if (earlier.length === 0) return false;
  for (const name of new Set(earlier)) {
    for (const [description, rawKey] of Object.entries(document.users[name] ?? {})) {
      const movedId = document.keyIds[name]?.[description];
      const filedId = document.keyIds[username]?.[description];
      const filed = document.users[username]?.[description] !== undefined;
      if (filed && (movedId === undefined || filedId === undefined || filedId > movedId)) continue;
      entryOf(document.users, username)[description] = rawKey;
      if (movedId !== undefined) entryOf(document.keyIds, username)[description] = movedId;
      else delete document.keyIds[username]?.[description];
    }
    for (const [description, keyId] of Object.entries(document.keyIds[name] ?? {})) {
      if (document.users[name]?.[description] === undefined) entryOf(document.keyIds, username)[description] ??= keyId;
    }
    for (const [description, intent] of Object.entries(document.pending[name] ?? {})) entryOf(document.pending, username)[description] ??= intent;
    delete document.users[name];
    delete document.keyIds[name];
    delete document.pending[name];
  }
  return true;
}

/** `users` exactly as it always was; `pending` only when there is any; a newer version's fields after them. */
export function serialise(document: SecretsDocument): string {
  const shape = table<unknown>();
  shape['users'] = document.users;
  if (Object.keys(document.keyIds).length > 0) shape['keyIds'] = document.keyIds;
  if (Object.keys(document.pending).length > 0) shape['pending'] = document.pending;
  for (const [key, value] of document.others) shape[key] = value;
  return `${JSON.stringify(shape, null, 2)}\n`;
}

export async function readSecretsDocument(path: string): Promise<SecretsDocument> {
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
