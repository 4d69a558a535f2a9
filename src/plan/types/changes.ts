import type { AccessChange } from './access.js';
import type { Role, TeamRole } from './state.js';

/** One change a plan makes, by kind and action; plain data, so a plan can be saved and applied later. */

export interface AdminInitChange {
  address: 'admin';
  kind: 'admin-init';
  action: 'create';
  before: null;
  after: { username: string };
}

export interface UserCreateChange {
  address: string;
  kind: 'user';
  action: 'create';
  before: null;
  after: { username: string; role: Role };
}

export interface UserUpdateChange {
  address: string;
  kind: 'user';
  action: 'update';
  userId: number;
  username: string;
  before: { role: Role };
  after: { role: Role };
  fields: ['role'];
}

export interface UserDeleteChange {
  address: string;
  kind: 'user';
  action: 'delete';
  userId: number;
  before: { username: string; role: Role };
  after: null;
}

export interface ApiKeyCreateChange {
  address: string;
  kind: 'api-key';
  action: 'create';
  /** The owner; its id may not exist until the user is created earlier in the same apply. */
  username: string;
  before: null;
  after: { description: string };
}

export interface ApiKeyReplaceChange {
  address: string;
  kind: 'api-key';
  action: 'replace';
  username: string;
  userId: number;
  keyId: number;
  before: { description: string; dateCreated: number };
  after: { description: string };
  /** Why, in the manifest's words (`older than 90d`); `reasonCode` says the same as a code. */
  reason: string;
  reasonCode: ReplaceReason;
}

/** Why a key is replaced: it is older than its `rotateAfter`, or nobody holds its raw value. */
export type ReplaceReason = 'rotation-due' | 'raw-value-lost';

export interface ApiKeyDeleteChange {
  address: string;
  kind: 'api-key';
  action: 'delete';
  username: string;
  userId: number;
  keyId: number;
  before: { description: string; dateCreated: number };
  after: null;
}

export interface TeamCreateChange {
  address: string;
  kind: 'team';
  action: 'create';
  before: null;
  after: { name: string };
}

export interface TeamDeleteChange {
  address: string;
  kind: 'team';
  action: 'delete';
  teamId: number;
  /** `members`: how many memberships go with the team (Portainer deletes them with it). */
  before: { name: string; members: number };
  after: null;
}

export interface MembershipCreateChange {
  address: string;
  kind: 'team-membership';
  action: 'create';
  /** The team and the user as the manifest spells them; their ids may not exist until earlier changes create them. */
  team: string;
  username: string;
  before: null;
  after: { role: TeamRole };
}

export interface MembershipUpdateChange {
  address: string;
  kind: 'team-membership';
  action: 'update';
  team: string;
  username: string;
  membershipId: number;
  teamId: number;
  userId: number;
  before: { role: TeamRole };
  after: { role: TeamRole };
  fields: ['role'];
}

export interface MembershipDeleteChange {
  address: string;
  kind: 'team-membership';
  action: 'delete';
  team: string;
  username: string;
  membershipId: number;
  teamId: number;
  userId: number;
  before: { role: TeamRole };
  after: null;
}

/**
 * With `passwords.verify`: Portainer refused a login with the manifest's
 * password, so apply sets it (an admin's `PUT /users/{id}` with
 * `newPassword`). Neither side holds a password: `before` says Portainer
 * refused the manifest's, `after` that it will be the manifest's.
 */
export interface PasswordResetChange {
  address: string;
  kind: 'user-password';
  action: 'update';
  userId: number;
  username: string;
  before: { password: 'refused' };
  after: { password: 'manifest' };
  fields: ['password'];
}

export type Change =
  | AdminInitChange
  | UserCreateChange
  | UserUpdateChange
  | UserDeleteChange
  | PasswordResetChange
  | ApiKeyCreateChange
  | ApiKeyReplaceChange
  | ApiKeyDeleteChange
  | TeamCreateChange
  | TeamDeleteChange
  | MembershipCreateChange
  | MembershipUpdateChange
  | MembershipDeleteChange
  | AccessChange;

export type Action = Change['action'];
