import type { ActionOf, ChangeKind, KindChange } from '../../plan/types/index.js';
import type { ApplyContext } from '../context.js';
import { applyAccessChanges } from './access.js';
import { initAdmin } from './admin-init.js';
import { createKey, deleteKey, replaceKey } from './api-keys.js';
import { createMembership, createTeam, deleteMembership, deleteTeam, updateMembership } from './teams.js';
import { resetPassword } from './user-passwords.js';
import { renameTeam } from './renames.js';
import { createUser, deleteUser, updateUser } from './users.js';

/** How one kind of change is applied: a function per action, and, for kinds whose changes share a request, how they are taken together. */
export interface Executor<Kind extends ChangeKind> {
  actions: { [A in ActionOf<Kind>]: (change: Extract<KindChange<Kind>, { action: A }>, context: ApplyContext) => Promise<void> };
  /**
   * Changes with one key go in one call, which succeeds or fails for all of
   * them: the grants of one environment or group are one `PUT` of its maps.
   */
  together?: { keyOf(change: KindChange<Kind>): string; apply(changes: readonly KindChange<Kind>[], context: ApplyContext): Promise<void> };
}

/** An environment's or group's grants, a change alone or all of them together (one PUT either way). */
const ACCESS = {
  actions: { create: grantOne, update: grantOne, delete: grantOne },
  together: { keyOf: (change) => `${change.kind}:${change.resourceId}`, apply: applyAccessChanges },
} satisfies Executor<'environment-access' | 'group-access'>;

function grantOne(change: KindChange<'environment-access' | 'group-access'>, context: ApplyContext): Promise<void> {
  return applyAccessChanges([change], context);
}

/** The executors, one entry per kind: the compiler asks for a new kind here and for every action of it. */
export const EXECUTORS: { [Kind in ChangeKind]: Executor<Kind> } = {
  'admin-init': { actions: { create: initAdmin } },
  user: { actions: { create: createUser, update: updateUser, delete: deleteUser } },
  'user-password': { actions: { update: resetPassword } },
  'api-key': { actions: { create: createKey, replace: replaceKey, delete: deleteKey } },
  team: { actions: { create: createTeam, update: renameTeam, delete: deleteTeam } },
  'team-membership': { actions: { create: createMembership, update: updateMembership, delete: deleteMembership } },
  'environment-access': ACCESS as Executor<'environment-access'>,
  'group-access': ACCESS as Executor<'group-access'>,
};
