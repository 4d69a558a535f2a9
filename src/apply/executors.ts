import { isInvalidCredentials, type PortainerClient } from '../portainer/index.js';
import type { AdminInitChange, Authentication, Change, PasswordResetChange, UserCreateChange, UserDeleteChange, UserUpdateChange } from '../plan/types.js';
import { assertNever } from '../plan/types.js';
import type { Secret } from '../secret.js';
import { applyAccessChanges } from './access-executors.js';
import { createKey, deleteKey, replaceKey } from './key-executors.js';
import { ApplyError, settleUnknownOutcome } from './recover.js';
import type { SecretsSink } from '../secrets-file/secrets-sink.js';
import type { UndoneAccess } from './result.js';
import { createMembership, createTeam, deleteMembership, deleteTeam, updateMembership } from './team-executors.js';
import { foldUsername, sameUsername } from '../plan/match.js';

/** What the executors share while one plan is applied. */
export interface ApplyContext {
  /** Acts as the identity the tool runs as. */
  client: PortainerClient;
  /** For admin init, which needs no credentials. */
  publicClient: PortainerClient;
  setupToken?: Secret;
  /** The manifest's password of a user; throws with a clear sentence when it cannot be read. */
  passwordOf(username: string): Secret;
  /** Lower-cased username -> Id, from observation and from users created during this apply. */
  userIds: Map<string, number>;
  /** Folded team name -> Id (Portainer compares team names case-insensitively), from observation and from teams created during this apply. */
  teamIds: Map<string, number>;
  /** A user whose password login the main client already uses, so its JWT can create that user's keys. */
  clientLogsInAs?: string;
  /** An LDAP or OAuth Portainer's users are created without a password. */
  authentication: Authentication;
  secrets?: SecretsSink;
  /** Ids of the keys a user held with a description when the plan was made (from observation). */
  keysHeld?(username: string, description: string): number[];
  notes: string[];
  /** Where the grant executors record planned grants another writer undid (`applyChanges` provides it). */
  undoneAccess?: UndoneAccess[];
}

export async function applyChange(change: Change, context: ApplyContext): Promise<void> {
  switch (change.kind) {
    case 'admin-init':
      return initAdmin(change, context);
    case 'user':
      if (change.action === 'create') return createUser(change, context);
      if (change.action === 'update') return updateRole(change, context);
      return deleteUser(change, context);
    case 'user-password':
      return resetPassword(change, context);
    case 'api-key':
      if (change.action === 'create') return createKey(change, context);
      if (change.action === 'replace') return replaceKey(change, context);
      return deleteKey(change, context);
    case 'team':
      if (change.action === 'create') return createTeam(change, context);
      return deleteTeam(change, context);
    case 'team-membership':
      if (change.action === 'create') return createMembership(change, context);
      if (change.action === 'update') return updateMembership(change, context);
      return deleteMembership(change, context);
    case 'environment-access':
    case 'group-access':
      // apply-plan.ts hands over all of one environment's changes together; one alone is its own PUT.
      return applyAccessChanges([change], context);
    default:
      return assertNever(change);
  }
}

async function initAdmin(change: AdminInitChange, context: ApplyContext): Promise<void> {
  const { username } = change.after;
  try {
    const init = await context.publicClient.initAdmin(username, context.passwordOf(username), context.setupToken);
    if (init.outcome === 'created') {
      context.userIds.set(foldUsername(init.value.username), init.value.id);
      return;
    }
    // Someone else initialised the admin between our plan and this call: that is the state we wanted.
    context.notes.push(`admin: Portainer already had an administrator (initialised by someone else); carried on`);
  } catch (error) {
    await settleUnknownOutcome(error, change, context.notes, () => context.publicClient.adminExists());
  }
}

async function createUser(change: UserCreateChange, context: ApplyContext): Promise<void> {
  const { username, role } = change.after;
  let created;
  // A directory's users are created without a password: Portainer refuses one (the manifest's is their directory login).
  const password = context.authentication.method === 'internal' ? { password: context.passwordOf(username) } : {};
  try {
    created = await context.client.createUser({ username, role, ...password });
  } catch (error) {
    // The plan saw no such user, so one there now is ours (a role set by someone else shows in the next plan).
    await settleUnknownOutcome(error, change, context.notes, async () => {
      const found = (await context.client.listUsers()).find((user) => sameUsername(user.username, username));
      if (found) context.userIds.set(foldUsername(username), found.id);
      return found !== undefined;
    });
    return;
  }
  if (created.outcome === 'exists') {
    // Not ours to adopt: its password and role are whatever its creator gave it.
    const said = created.said ? `: ${created.said}` : '';
    throw new ApplyError(`Portainer answered 409 Conflict for user ${username}${said}; another apply or a person created it since the plan; run plan again`);
  }
  context.userIds.set(foldUsername(username), created.value.id);
}

async function updateRole(change: UserUpdateChange, context: ApplyContext): Promise<void> {
  // Portainer invalidates this user's JWTs; a password client logs in again on the next 401.
  try {
    await context.client.updateUser(change.userId, { role: change.after.role });
  } catch (error) {
    await settleUnknownOutcome(error, change, context.notes, async () => (await context.client.getUser(change.userId)).role === change.after.role);
  }
}

/**
 * An admin sets the password with `newPassword` alone: not rate-limited, no
 * old password needed. Portainer ends the user's open sessions (its JWTs);
 * its API keys keep working.
 */
async function resetPassword(change: PasswordResetChange, context: ApplyContext): Promise<void> {
  const password = context.passwordOf(change.username);
  try {
    await context.client.updateUser(change.userId, { newPassword: password });
  } catch (error) {
    // Only a login can tell which password Portainer holds now (a paced call, made only here).
    await settleUnknownOutcome(error, change, context.notes, () => acceptsLogin(change.username, password, context));
  }
  context.notes.push(`${change.address}: reset to the manifest's password; ${change.username}'s open sessions ended (its API keys keep working)`);
}

async function acceptsLogin(username: string, password: Secret, context: ApplyContext): Promise<boolean> {
  try {
    await context.publicClient.login(username, password);
    return true;
  } catch (error) {
    if (isInvalidCredentials(error)) return false;
    throw error;
  }
}

async function deleteUser(change: UserDeleteChange, context: ApplyContext): Promise<void> {
  try {
    // A DELETE is repeated after a lost answer, and the repeat finds the user gone: the first one worked.
    if ((await context.client.deleteUser(change.userId)) === 'already-gone') context.notes.push(`${change.address}: the user was already gone from the server`);
  } catch (error) {
    await settleUnknownOutcome(error, change, context.notes, async () => (await context.client.findUser(change.userId)) === undefined);
  }
}
