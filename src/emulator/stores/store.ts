import { digestOf, generateRawApiKey, prefixOf } from '../auth/api-key-material.js';
import { hashPassword } from '../auth/password-hash.js';
import { EnvironmentStore, type Edition } from './environment-store.js';
import { TeamStore } from './team-store.js';
import { unixSeconds } from './time.js';

/** Portainer's role numbers: 1 administrator, 2 standard user. */
export const ADMIN_ROLE = 1;
export const STANDARD_ROLE = 2;
export type Role = typeof ADMIN_ROLE | typeof STANDARD_ROLE;

export interface StoredUser {
  readonly id: number;
  username: string;
  passwordHash: string;
  role: Role;
  /** Unix seconds; JWTs issued before it are refused. Moves on role or password change. */
  tokenIssueAt: number;
  themeColor: string;
  useCache: boolean;
}

export interface StoredApiKey {
  readonly id: number;
  readonly userId: number;
  readonly description: string;
  readonly prefix: string;
  readonly dateCreated: number;
  lastUsed: number;
  readonly digest: string;
}

/** Go's strings.EqualFold, close enough for usernames. */
export function sameUsername(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The in-memory database. Ids come from a sequence and are never reused,
 * like BoltDB's NextSequence behind Portainer's buckets.
 */
export class EmulatorStore {
  /** Teams and memberships, kept here so that deleting a user cascades in one place. */
  readonly teams = new TeamStore();
  /** Environments, their groups and the roles of this edition. */
  readonly environments: EnvironmentStore;
  readonly #users = new Map<number, StoredUser>();
  readonly #apiKeys = new Map<number, StoredApiKey>();
  /** Lower-cased username -> Id of the first user with it, kept by create, rename and delete. */
  readonly #idByName = new Map<string, number>();
  #nextUserId = 1;
  #nextApiKeyId = 1;

  constructor(edition: Edition = 'ce') {
    this.environments = new EnvironmentStore(edition);
  }

  /**
   * Portainer's datastore lower-cases the username on create (dataservices/user
   * Create) and does not check uniqueness: the callers do, except admin init.
   */
  createUser(username: string, password: string, role: Role): StoredUser {
    const user: StoredUser = {
      id: this.#nextUserId++,
      username: username.toLowerCase(),
      passwordHash: hashPassword(password),
      role,
      tokenIssueAt: 0,
      themeColor: '',
      useCache: false,
    };
    this.#users.set(user.id, user);
    this.#rememberName(user);
    return user;
  }

  user(id: number): StoredUser | undefined {
    return this.#users.get(id);
  }

  /** The first user whose name matches case-insensitively, as UserByUsername does. */
  userByUsername(username: string): StoredUser | undefined {
    return this.#users.get(this.#idByName.get(username.toLowerCase()) ?? 0);
  }

  /** A rename through PUT /users/{id} keeps the case as sent. */
  renameUser(user: StoredUser, username: string): void {
    this.#forgetName(user);
    user.username = username;
    this.#rememberName(user);
  }

  #rememberName(user: StoredUser): void {
    const name = user.username.toLowerCase();
    const holder = this.#users.get(this.#idByName.get(name) ?? 0);
    if (!holder || holder.id > user.id) this.#idByName.set(name, user.id);
  }

  /** Admin init does not check names, so another user may hold the same one: it takes over. */
  #forgetName(user: StoredUser): void {
    const name = user.username.toLowerCase();
    if (this.#idByName.get(name) !== user.id) return;
    this.#idByName.delete(name);
    const next = this.users().find((other) => other.id !== user.id && sameUsername(other.username, name));
    if (next) this.#idByName.set(name, next.id);
  }

  /** In Id order: ids only grow, and a Map keeps insertion order. */
  users(): StoredUser[] {
    return [...this.#users.values()];
  }

  hasAdmin(): boolean {
    return this.users().some((user) => user.role === ADMIN_ROLE);
  }

  /** Deleting a user takes its team memberships, API keys and (as 2.45 does) environment grants with it (user_delete.go deleteUser). */
  deleteUser(id: number): void {
    const user = this.#users.get(id);
    if (user) this.#forgetName(user);
    this.#users.delete(id);
    this.teams.deleteMembershipsOfUser(id);
    this.environments.forgetUser(id);
    for (const key of this.apiKeysOf(id)) this.#apiKeys.delete(key.id);
  }

  /** team_delete.go: the team, its memberships and (as 2.45 does) its environment grants. */
  deleteTeam(id: number): void {
    this.teams.deleteTeam(id);
    this.environments.forgetTeam(id);
  }

  createApiKey(
    userId: number,
    description: string,
    given: { rawKey?: string; dateCreated?: number; lastUsed?: number } = {},
  ): { rawKey: string; apiKey: StoredApiKey } {
    const rawKey = given.rawKey ?? generateRawApiKey();
    const apiKey: StoredApiKey = {
      id: this.#nextApiKeyId++,
      userId,
      description,
      prefix: prefixOf(rawKey),
      dateCreated: given.dateCreated ?? unixSeconds(),
      lastUsed: given.lastUsed ?? 0,
      digest: digestOf(rawKey),
    };
    this.#apiKeys.set(apiKey.id, apiKey);
    return { rawKey, apiKey };
  }

  apiKey(id: number): StoredApiKey | undefined {
    return this.#apiKeys.get(id);
  }

  apiKeysOf(userId: number): StoredApiKey[] {
    return [...this.#apiKeys.values()].filter((key) => key.userId === userId);
  }

  apiKeyByDigest(digest: string): StoredApiKey | undefined {
    return [...this.#apiKeys.values()].find((key) => key.digest === digest);
  }

  deleteApiKey(id: number): void {
    this.#apiKeys.delete(id);
  }
}
