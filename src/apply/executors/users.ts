import type { UserCreateChange, UserDeleteChange, UserRoleChange, UserUpdateChange } from '../../plan/types/index.js';
import { isUserRename } from '../../plan/rename-changes.js';
import { renameUser } from './renames.js';
import { foldUsername, sameUsername } from '../../plan/match.js';
import type { ApplyContext } from '../context.js';
import { ApplyError, settleUnknownOutcome } from '../recover.js';

export async function createUser(change: UserCreateChange, context: ApplyContext): Promise<void> {
  const { username, role } = change.after;
  let created;
  // As the plan says: a directory's users are created without a password (Portainer refuses one; the manifest's is their directory login).
  const password = change.after.password === 'none' ? {} : { password: context.passwordOf(username) };
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
    throw new ApplyError({ code: 'user-exists', username, ...(created.said ? { said: created.said } : {}) });
  }
  context.userIds.set(foldUsername(username), created.value.id);
}

/** A user update: a rename in place, or a role change. */
export async function updateUser(change: UserUpdateChange, context: ApplyContext): Promise<void> {
  if (isUserRename(change)) return renameUser(change, context);
  return updateRole(change, context);
}

async function updateRole(change: UserRoleChange, context: ApplyContext): Promise<void> {
  // Portainer invalidates this user's JWTs; a password client logs in again on the next 401.
  try {
    await context.client.updateUser(change.userId, { role: change.after.role });
  } catch (error) {
    await settleUnknownOutcome(error, change, context.notes, async () => (await context.client.getUser(change.userId)).role === change.after.role);
  }
}

export async function deleteUser(change: UserDeleteChange, context: ApplyContext): Promise<void> {
  try {
    // A DELETE is repeated after a lost answer, and the repeat finds the user gone: the first one worked.
    if ((await context.client.deleteUser(change.userId)) === 'already-gone') context.notes.push({ code: 'already-gone', address: change.address, what: 'user' });
  } catch (error) {
    await settleUnknownOutcome(error, change, context.notes, async () => (await context.client.findUser(change.userId)) === undefined);
  }
}
