import { MAX_KEY_DESCRIPTION } from '../../limits.js';
import { DURATION_PATTERN } from '../duration.js';
import type { Manifest } from '../schema.js';

type User = Manifest['users'][number];
type ApiKey = NonNullable<User['apiKeys']>[number];

/**
 * The `users` list as `manifestSchema` reads it, for the common entries only:
 * a plain loop, several times quicker than zod over a manifest of 10,000
 * users, where zod's share of a plan's start-up is most of a tenth of a
 * second. `undefined` as soon as an entry is anything but plain (teams, an
 * unknown key, a wrong type, a value zod would refuse): the caller then
 * parses the whole manifest with the schema, which stays the documented
 * shape and words every error. A property test holds the two to the same
 * answers (`test/manifest/quick-users.test.ts`).
 */
export function readUsersQuickly(users: unknown): User[] | undefined {
  return readEvery(users, readUser);
}

/** Every item of a list read by `read`, or `undefined` as soon as one is not plain (or it is no list). */
export function readEvery<T>(list: unknown, read: (item: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const items = new Array<T>(list.length);
  for (let index = 0; index < list.length; index += 1) {
    const item = read(list[index]);
    if (item === undefined) return undefined;
    items[index] = item;
  }
  return items;
}

const USER_KEYS = new Set(['username', 'previously', 'role', 'password', 'apiKeys']);
const USERNAME = /^\S+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NOT_BLANK = /\S/;

function readUser(entry: unknown): User | undefined {
  if (!isPlainObject(entry) || !hasOnly(entry, USER_KEYS)) return undefined;
  const { username, previously, role = 'standard', password, apiKeys } = entry;
  if (typeof username !== 'string' || !USERNAME.test(username)) return undefined;
  if (role !== 'admin' && role !== 'standard') return undefined;
  const user: User = { username, role };
  if (previously !== undefined) {
    if (!Array.isArray(previously) || !previously.every((name) => typeof name === 'string' && USERNAME.test(name))) return undefined;
    user.previously = [...(previously as string[])];
  }
  if (password !== undefined) {
    if (!isSecretRef(password)) return undefined;
    user.password = typeof password === 'string' ? password : { ...password };
  }
  if (apiKeys !== undefined) {
    const keys = readApiKeys(apiKeys);
    if (!keys) return undefined;
    user.apiKeys = keys;
  }
  return user;
}

function isSecretRef(value: unknown): value is User['password'] {
  if (typeof value === 'string') return value.length > 0;
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1) return false;
  if (keys[0] === 'env') return typeof value['env'] === 'string' && ENV_NAME.test(value['env']);
  if (keys[0] === 'file') return typeof value['file'] === 'string' && value['file'].length > 0;
  return false;
}

const KEY_KEYS = new Set(['description', 'rotateAfter']);

function readApiKeys(value: unknown): ApiKey[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const keys = new Array<ApiKey>(value.length);
  for (let index = 0; index < value.length; index += 1) {
    const key: unknown = value[index];
    if (!isPlainObject(key) || !hasOnly(key, KEY_KEYS)) return undefined;
    const { description, rotateAfter } = key;
    if (typeof description !== 'string' || description.length > MAX_KEY_DESCRIPTION || !NOT_BLANK.test(description)) return undefined;
    if (rotateAfter === undefined) {
      keys[index] = { description };
      continue;
    }
    if (typeof rotateAfter !== 'string' || !DURATION_PATTERN.test(rotateAfter)) return undefined;
    keys[index] = { description, rotateAfter };
  }
  return keys;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** zod's strict objects refuse unknown keys; a key present with the value `undefined` counts as given. */
export function hasOnly(value: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const key in value) if (!allowed.has(key)) return false;
  return true;
}
