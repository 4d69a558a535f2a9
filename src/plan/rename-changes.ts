import type { Change, RenameChange, UserRenameChange, UserRoleChange, UserUpdateChange } from './types/index.js';

/** A user update that renames it (`fields: ['username']`), not a role change. */
export function isUserRename(change: UserUpdateChange): change is UserRenameChange {
  return change.fields[0] === 'username';
}

/** A user update that changes its role (`fields: ['role']`). */
export function isRoleChange(change: UserUpdateChange): change is UserRoleChange {
  return change.fields[0] === 'role';
}

/** A rename in place, of a user or a team: the first phase after admin init. */
export function isRename(change: Change): change is RenameChange {
  return change.action === 'update' && (change.kind === 'team' || (change.kind === 'user' && isUserRename(change)));
}
