import type { z } from 'zod';
import type { CHANGE_SCHEMAS } from './change-schemas.js';

/**
 * One change a plan makes, by kind and action; plain data, so a plan can be
 * saved and applied later. The types are inferred from the schemas in
 * `change-schemas.ts`, which say what `before` and `after` mean for each
 * kind and action; imported as types only, so no zod is loaded by the planner.
 */

type Schemas = typeof CHANGE_SCHEMAS;

/** `user`, `api-key`, `team`...: the kinds of change, one per entry of `CHANGE_SCHEMAS`. */
export type ChangeKind = keyof Schemas;

/** The change of one kind (and, when given, one action). */
export type ChangeOf<Kind extends ChangeKind, ActionName extends keyof Schemas[Kind] = keyof Schemas[Kind]> = {
  [A in ActionName]: Schemas[Kind][A] extends z.ZodType ? z.output<Schemas[Kind][A]> : never;
}[ActionName];

export type Change = { [Kind in ChangeKind]: ChangeOf<Kind> }[ChangeKind];

/** The changes of one kind, for tables keyed by kind (`{ [K in ChangeKind]: ... KindChange<K> ... }`). */
export type KindChange<Kind extends ChangeKind> = Extract<Change, { kind: Kind }>;

/** The actions a kind of change has: `user` has create, update and delete; `api-key` replace too. */
export type ActionOf<Kind extends ChangeKind> = KindChange<Kind>['action'];

/** `create`, `update`, `replace` or `delete`. */
export type Action = Change['action'];

export type AdminInitChange = ChangeOf<'admin-init', 'create'>;
export type UserCreateChange = ChangeOf<'user', 'create'>;
export type UserUpdateChange = ChangeOf<'user', 'update'>;
/** A user's role change (`fields: ['role']`). */
export type UserRoleChange = Extract<UserUpdateChange, { fields: ['role'] }>;
/** A user renamed in place (`fields: ['username']`). */
export type UserRenameChange = Extract<UserUpdateChange, { fields: ['username'] }>;
export type UserDeleteChange = ChangeOf<'user', 'delete'>;
export type PasswordResetChange = ChangeOf<'user-password', 'update'>;
export type ApiKeyCreateChange = ChangeOf<'api-key', 'create'>;
export type ApiKeyReplaceChange = ChangeOf<'api-key', 'replace'>;
export type ApiKeyDeleteChange = ChangeOf<'api-key', 'delete'>;
export type TeamCreateChange = ChangeOf<'team', 'create'>;
/** A team renamed in place (`fields: ['name']`). */
export type TeamRenameChange = ChangeOf<'team', 'update'>;
export type TeamDeleteChange = ChangeOf<'team', 'delete'>;
export type MembershipCreateChange = ChangeOf<'team-membership', 'create'>;
export type MembershipUpdateChange = ChangeOf<'team-membership', 'update'>;
export type MembershipDeleteChange = ChangeOf<'team-membership', 'delete'>;

/** Why a key is replaced: it is older than its `rotateAfter`, or nobody holds its raw value. */
export type ReplaceReason = ApiKeyReplaceChange['reasonCode'];

/** A grant on an environment or an environment group: the two kinds share one shape. */
export type AccessChange = ChangeOf<'environment-access'> | ChangeOf<'group-access'>;
export type AccessCreateChange = Extract<AccessChange, { action: 'create' }>;
export type AccessUpdateChange = Extract<AccessChange, { action: 'update' }>;
export type AccessDeleteChange = Extract<AccessChange, { action: 'delete' }>;

/** A grant's role as the plan shows it (a slug, a role's name, or `access` on Community Edition) and as the server stores it. */
export type GrantRole = AccessUpdateChange['after'];

/** A change that renames a user or a team in place. */
export type RenameChange = UserRenameChange | TeamRenameChange;
