import type { PortainerClient, UserSummary } from '../portainer/index.js';
import { isInvalidCredentials } from '../portainer/index.js';
import type { DesiredState, DesiredUser, KeysUnreadable, ObservedApiKey, ObservedState, ObservedUser } from '../plan/types.js';
import { Secret } from '../secret.js';
import { mapWithConcurrency } from './concurrency.js';
import { foldUsername, sameUsername } from '../plan/match.js';

export interface ObserveOptions {
  /** Acts as the identity the tool runs as. */
  client: PortainerClient;
  /** That identity's username. */
  runningAs: string;
  /** The desired entry of a server user whose keys are to be read; undefined leaves its keys unread. */
  keysWanted(user: UserSummary): DesiredUser | undefined;
  /** The manifest's password for a user, needed to read another admin's keys. */
  passwordFor(username: string): Secret | undefined;
  concurrency: number;
}

/**
 * Reads what the plan needs and nothing more: `GET /users` once, then the
 * keys of each user whose keys the manifest manages. Portainer refuses to
 * show an admin's keys to another admin, so those are read by logging in as
 * that admin with the manifest's password (a paced call).
 */
export async function observeUsers(options: ObserveOptions): Promise<ObservedState> {
  const summaries = await options.client.listUsers();
  const users = await mapWithConcurrency(summaries, options.concurrency, async (summary) => {
    const desired = options.keysWanted(summary);
    return desired ? readKeysOf(summary, desired, options) : toObservedUser(summary);
  });
  return { adminExists: true, users };
}

/** `keysWanted` for a plan: the users whose entry has an `apiKeys` key. */
export function keysManagedBy(desired: DesiredState): (user: UserSummary) => DesiredUser | undefined {
  const managed = new Map<string, DesiredUser>();
  for (const user of desired.users) {
    if (user.apiKeys !== undefined) managed.set(foldUsername(user.username), user);
  }
  return (user) => managed.get(foldUsername(user.username));
}

function toObservedUser(summary: UserSummary): ObservedUser {
  return { id: summary.id, username: summary.username, role: summary.role };
}

async function readKeysOf(summary: UserSummary, desired: DesiredUser, options: ObserveOptions): Promise<ObservedUser> {
  const user = toObservedUser(summary);
  const isSelf = sameUsername(summary.username, options.runningAs);
  if (isSelf || summary.role === 'standard') {
    return { ...user, apiKeys: toObservedKeys(await options.client.listApiKeys(summary.id)) };
  }
  const password = passwordOrProblem(desired, options);
  if (!(password instanceof Secret)) return { ...user, apiKeysUnreadable: password };
  try {
    const asOwner = await options.client.asUser(summary.username, password);
    return { ...user, apiKeys: toObservedKeys(await asOwner.listApiKeys(summary.id)) };
  } catch (error) {
    if (isInvalidCredentials(error)) return { ...user, apiKeysUnreadable: { cause: 'login-refused' } };
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
