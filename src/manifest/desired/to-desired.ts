import type { DesiredApiKey, DesiredState, DesiredUser, MaxDeletes, PasswordFacts } from '../../plan/types/index.js';
import { desiredAccessOf } from './desired-access.js';
import { desiredTeamsOf } from './desired-teams.js';
import { parseDuration } from '../duration.js';
import { secretDirOf, type LoadedManifest } from '../load.js';
import { resolveSecret, SecretError, type SecretRef } from '../resolve-secret.js';
import type { Manifest } from '../schema.js';

type ManifestApiKey = NonNullable<Manifest['users'][number]['apiKeys']>[number];

/**
 * The manifest as the planner sees it: the admin block first, then users in
 * manifest order, teams (both forms merged) when the manifest names any,
 * and the environments and groups it grants access to.
 * Passwords become facts (given? how long? readable?), never
 * values; an unreadable one is a `problem` the planner weighs, not a throw.
 */
export function toDesiredState(loaded: LoadedManifest): DesiredState {
  const { admin, users, prune, passwords, safety } = loaded.manifest;
  const desired: DesiredUser[] = [];
  if (admin) {
    desired.push({
      username: admin.username,
      role: 'admin',
      password: passwordFacts(loaded, ['admin', 'password'], admin.password, admin.username),
      ...apiKeysOf(admin.apiKeys),
      bootstrapAdmin: true,
      ...previouslyOf(admin.previously, ['admin']),
    });
  }
  users.forEach((user, index) => {
    desired.push({
      username: user.username,
      role: user.role,
      password: passwordFacts(loaded, ['users', index, 'password'], user.password, user.username),
      ...apiKeysOf(user.apiKeys),
      ...previouslyOf(user.previously, ['users', index]),
    });
  });
  const teams = desiredTeamsOf(loaded.manifest);
  const access = desiredAccessOf(loaded.manifest);
  return {
    users: desired,
    prune: {
      users: prune.users,
      protect: [...prune.protect],
      ...(prune.maxDeletes === undefined ? {} : { maxDeletes: maxDeletesOf(prune.maxDeletes) }),
      teams: prune.teams,
      memberships: prune.memberships,
      access: prune.access,
    },
    ...(teams === undefined ? {} : { teams }),
    ...(access === undefined ? {} : { access }),
    ...(passwords?.verify ? { verifyPasswords: true } : {}),
    ...(safety === undefined ? {} : { minAdmins: safety.minAdmins }),
  };
}

/** `previously`, when the entry gives any earlier name, with the entry's path (a rename's problems name its line). */
function previouslyOf(names: string[] | undefined, path: (string | number)[]): { previously?: string[]; path?: (string | number)[] } {
  return names && names.length > 0 ? { previously: [...names], path } : {};
}

/** The password at `path`; a `{ file }` one is relative to the file that names it (layered manifests). */
function passwordFacts(loaded: LoadedManifest, path: (string | number)[], ref: SecretRef | undefined, username: string): PasswordFacts {
  if (ref === undefined) return { given: false };
  try {
    const value = resolveSecret(ref, secretDirOf(loaded, path), username).reveal();
    return { given: true, length: [...value].length, bytes: Buffer.byteLength(value, 'utf8') };
  } catch (error) {
    if (error instanceof SecretError) return { given: true, problem: error.problem };
    throw error;
  }
}

/** No `apiKeys` key: leave the user's keys alone, so the property stays absent. */
function apiKeysOf(keys: ManifestApiKey[] | undefined): { apiKeys?: DesiredApiKey[] } {
  if (keys === undefined) return {};
  return {
    apiKeys: keys.map((key) => {
      return { description: key.description, ...durationOf('rotateAfter', key.rotateAfter), ...durationOf('overlap', key.overlap) };
    }),
  };
}

/** A duration as the planner takes it: as written, and in seconds. */
function durationOf<Name extends 'rotateAfter' | 'overlap'>(name: Name, text: string | undefined): { [key in Name]?: { text: string; seconds: number } } {
  const seconds = text === undefined ? undefined : parseDuration(text);
  return (text !== undefined && seconds !== undefined ? { [name]: { text, seconds } } : {}) as { [key in Name]?: { text: string; seconds: number } };
}

function maxDeletesOf(value: number | string): MaxDeletes {
  return typeof value === 'number' ? { count: value } : { percent: Number.parseFloat(value) };
}
