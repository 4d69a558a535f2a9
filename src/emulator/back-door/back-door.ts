import { applySeedTeams } from './back-door-teams.js';
import { ADMIN_ROLE, STANDARD_ROLE, type EmulatorStore, type StoredUser } from '../stores/store.js';
import { unixSeconds } from '../stores/time.js';
import type { EmulatorSeed, EmulatorUserView, SeedUser } from '../types.js';

/**
 * Changes made behind the tool's back (seed, drift tests): straight into the
 * store, with no HTTP and no rate limit, but with Portainer's side effects
 * (lower-cased names on create, TokenIssueAt moving on a role change).
 */
export function applySeed(store: EmulatorStore, seed: EmulatorSeed | undefined): void {
  for (const user of seed?.users ?? []) addUser(store, user);
  applySeedTeams(store, seed?.teams);
}

export function addUser(store: EmulatorStore, seedUser: SeedUser): number {
  if (store.userByUsername(seedUser.username) !== undefined) {
    throw new Error(`emulator: a user named "${seedUser.username}" already exists (usernames ignore case)`);
  }
  const role = seedUser.role === 'admin' ? ADMIN_ROLE : STANDARD_ROLE;
  const user = store.createUser(seedUser.username, seedUser.password ?? '', role);
  for (const key of seedUser.apiKeys ?? []) {
    store.createApiKey(user.id, key.description, { rawKey: key.key, dateCreated: key.dateCreated, lastUsed: key.lastUsed });
  }
  return user.id;
}

export function setRole(store: EmulatorStore, username: string, role: 'admin' | 'standard'): void {
  const user = existingUser(store, username);
  user.role = role === 'admin' ? ADMIN_ROLE : STANDARD_ROLE;
  user.tokenIssueAt = unixSeconds();
}

/**
 * No guard, unlike DELETE /users/{id}: whoever changes things behind the tool's
 * back may do anything. The user's memberships and keys go with it.
 */
export function removeUser(store: EmulatorStore, username: string): void {
  store.deleteUser(existingUser(store, username).id);
}

export function addApiKey(store: EmulatorStore, username: string, key: { description: string; dateCreated?: number; lastUsed?: number }): string {
  const user = existingUser(store, username);
  return store.createApiKey(user.id, key.description, { dateCreated: key.dateCreated, lastUsed: key.lastUsed }).rawKey;
}

export function findUser(store: EmulatorStore, username: string): EmulatorUserView | undefined {
  const user = store.userByUsername(username);
  return user === undefined ? undefined : viewOf(store, user);
}

export function listUsers(store: EmulatorStore): EmulatorUserView[] {
  return store.users().map((user) => viewOf(store, user));
}

function viewOf(store: EmulatorStore, user: StoredUser): EmulatorUserView {
  return {
    id: user.id,
    username: user.username,
    role: user.role === ADMIN_ROLE ? 'admin' : 'standard',
    apiKeys: store.apiKeysOf(user.id).map((key) => ({ id: key.id, description: key.description, dateCreated: key.dateCreated })),
  };
}

function existingUser(store: EmulatorStore, username: string): StoredUser {
  const user = store.userByUsername(username);
  if (user === undefined) throw new Error(`emulator: no user named "${username}"`);
  return user;
}

