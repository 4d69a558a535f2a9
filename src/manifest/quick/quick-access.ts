import { hasOnly, isPlainObject, readEvery } from './quick-users.js';
import type { Manifest } from '../schema.js';

type Holder = NonNullable<Manifest['environments']>[number];
type Grant = NonNullable<Holder['users']>[number];

/**
 * `environments` or `environmentGroups` as `manifestSchema` reads them, for
 * plain entries only: a loop several times quicker than zod for a manifest
 * granting thousands of accesses, which a plan reads before its login.
 * `undefined` as soon as anything is not plain; the caller then leaves the
 * section to the schema, which words every error. A property test holds the
 * two to the same answers (`test/manifest/quick-access.test.ts`).
 */
export function readAccessQuickly(holders: unknown): Holder[] | undefined {
  return readEvery(holders, readHolder);
}

const HOLDER_KEYS = new Set(['name', 'users', 'teams']);
const GRANT_KEYS = new Set(['name', 'role']);
const USERNAME = /^\S+$/;
const NOT_BLANK = /\S/;

function readHolder(entry: unknown): Holder | undefined {
  if (!isPlainObject(entry) || !hasOnly(entry, HOLDER_KEYS)) return undefined;
  const { name, users, teams } = entry;
  if (typeof name !== 'string' || name === '') return undefined;
  const holder: Holder = { name };
  if (users !== undefined) {
    const read = readGrants(users, USERNAME);
    if (!read) return undefined;
    holder.users = read;
  }
  if (teams !== undefined) {
    const read = readGrants(teams, NOT_BLANK);
    if (!read) return undefined;
    holder.teams = read;
  }
  return holder;
}

function readGrants(value: unknown, namePattern: RegExp): Grant[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const grants = new Array<Grant>(value.length);
  for (let index = 0; index < value.length; index += 1) {
    const grant: unknown = value[index];
    if (typeof grant === 'string') {
      if (grant === '' || !namePattern.test(grant)) return undefined;
      grants[index] = grant;
      continue;
    }
    if (!isPlainObject(grant) || !hasOnly(grant, GRANT_KEYS)) return undefined;
    const { name, role } = grant;
    if (typeof name !== 'string' || name === '' || !namePattern.test(name)) return undefined;
    if (role === undefined) {
      grants[index] = { name };
      continue;
    }
    if (typeof role !== 'string' || !NOT_BLANK.test(role)) return undefined;
    grants[index] = { name, role };
  }
  return grants;
}
