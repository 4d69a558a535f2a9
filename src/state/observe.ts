import type { PortainerClient, UserSummary } from '../portainer/index.js';
import { isInvalidCredentials } from '../portainer/index.js';
import type { Authentication, DesiredState, DesiredUser, KeysUnreadable, ObservedApiKey, ObservedState, ObservedUser } from '../plan/types/index.js';
import { Secret } from '../secret.js';
import { mapWithConcurrency } from '../concurrency.js';
import { foldUsername, sameUsername } from '../plan/match.js';

export interface ObserveOptions {
  /** Acts as the identity the tool runs as. */
  client: PortainerClient;
  /** That identity's username. */
  runningAs: string;
  /** The desired entry of a server user whose keys are to be read; undefined leaves its keys unread. */
  keysWanted(user: UserSummary): DesiredUser | undefined;
  /** With `passwords.verify`: the desired entry of a server user whose password is checked by a login. */
  passwordToVerify?(user: UserSummary): DesiredUser | undefined;
  /** The manifest's password for a user, needed to read another admin's keys. */
  passwordFor(username: string): Secret | undefined;
  concurrency: number;
  /** How the server authenticates (from its public settings); internal when absent. */
  authentication?: Authentication;
}

/**
 * Reads what the plan needs and nothing more: `GET /users` once, then the
 * keys of each user whose keys the manifest manages, and with
 * `passwords.verify` a login as each user with a manifest password, beside
 * the key lists. Portainer refuses to show an admin's keys to another admin,
 * so those are read by logging in as that admin with the manifest's password
 * (a paced call, which also checks that password).
 */
export async function observeUsers(options: ObserveOptions): Promise<ObservedState> {
  const summaries = await options.client.listUsers();
  const users = await mapWithConcurrency(summaries, options.concurrency, async (summary) => {
    const desired = options.keysWanted(summary);
    const { user, login } = desired ? await readKeysOf(summary, desired, options) : { user: toObservedUser(summary), login: undefined };
    const verify = options.passwordToVerify?.(summary);
    if (!verify) return user;
    const accepted = login ?? (await acceptsPassword(summary, verify, options));
    return accepted === undefined ? user : { ...user, passwordAccepted: accepted };
  });
  return { adminExists: true, users, ...(options.authentication ? { authentication: options.authentication } : {}) };
}

/** Whether Portainer accepts the manifest's password of `user` (a paced login); undefined when there is none to try. */
async function acceptsPassword(summary: UserSummary, desired: DesiredUser, options: ObserveOptions): Promise<boolean | undefined> {
  if (!desired.password.given || desired.password.problem) return undefined;
  const password = options.passwordFor(desired.username);
  if (!password) return undefined;
  try {
    await options.client.login(summary.username, password);
    return true;
  } catch (error) {
    if (isInvalidCredentials(error)) return false;
    throw error;
  }
}

/** `passwordToVerify` for a plan with `passwords.verify` on an internal Portainer: every manifest user with a password. */
export function passwordsVerifiedBy(desired: DesiredState): ((user: UserSummary) => DesiredUser | undefined) | undefined {
  if (!desired.verifyPasswords) return undefined;
  return lookupByName(desired.users.filter((user) => user.password.given));
}

/** `keysWanted` for a plan: the users whose entry has an `apiKeys` key. */
export function keysManagedBy(desired: DesiredState): (user: UserSummary) => DesiredUser | undefined {
  return lookupByName(desired.users.filter((user) => user.apiKeys !== undefined));
}

/**
 * The entry of a server user: by its name, or, for a user the plan may
 * rename, by an earlier name (`previously`) that no entry has as its own.
 */
function lookupByName(users: readonly DesiredUser[]): (user: UserSummary) => DesiredUser | undefined {
  const byName = new Map<string, DesiredUser>();
  for (const user of users) byName.set(foldUsername(user.username), user);
  for (const user of users) {
    for (const previous of user.previously ?? []) if (!byName.has(foldUsername(previous))) byName.set(foldUsername(previous), user);
  }
  return (user) => byName.get(foldUsername(user.username));
}

function toObservedUser(summary: UserSummary): ObservedUser {
  return { id: summary.id, username: summary.username, role: summary.role };
}

/** A user's keys, and what a login as the user said of its manifest password when one was needed. */
async function readKeysOf(summary: UserSummary, desired: DesiredUser, options: ObserveOptions): Promise<{ user: ObservedUser; login?: boolean }> {
  const user = toObservedUser(summary);
  const isSelf = sameUsername(summary.username, options.runningAs);
  if (isSelf || summary.role === 'standard') {
    return { user: { ...user, apiKeys: toObservedKeys(await options.client.listApiKeys(summary.id)) } };
  }
  // An OAuth Portainer has no password login but for user Id 1.
  if (options.authentication?.method === 'oauth' && summary.id !== 1) return { user: { ...user, apiKeysUnreadable: { cause: 'oauth' } } };
  const password = passwordOrProblem(desired, options);
  if (!(password instanceof Secret)) return { user: { ...user, apiKeysUnreadable: password } };
  try {
    const asOwner = await options.client.asUser(summary.username, password);
    return { user: { ...user, apiKeys: toObservedKeys(await asOwner.listApiKeys(summary.id)) }, login: true };
  } catch (error) {
    if (isInvalidCredentials(error)) return { user: { ...user, apiKeysUnreadable: { cause: 'login-refused' } }, login: false };
    throw error;
  }
}

/**
 * Portainer shows an admin's keys to that admin alone, so the tool logs in
 * as it with the manifest's password: the password, or why there is none.
 */
function passwordOrProblem(desired: DesiredUser, options: ObserveOptions): Secret | KeysUnreadable {
  if (!desired.password.given) return { cause: 'no-password' };
  if (desired.password.problem) return { cause: 'password-unreadable', secret: desired.password.problem };
  return options.passwordFor(desired.username) ?? { cause: 'no-password' };
}

function toObservedKeys(keys: { id: number; description: string; dateCreated: number }[]): ObservedApiKey[] {
  return keys.map((key) => ({ id: key.id, description: key.description, dateCreated: key.dateCreated }));
}
