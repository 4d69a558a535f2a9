import type { HeldFacts, Problem } from '../plan/types/problems.js';
import type { Action, Role, TeamRole } from '../plan/types/index.js';

/**
 * The drift report: what `plan` would change, framed as what differs on the
 * server, plus the users the manifest leaves alone. Plain data: each item's
 * `kind` is its code, with the facts its sentence needs; render/drift/ says
 * it in words (the JSON form adds that sentence as `message`).
 */

/** How the server differs from the manifest at one address, for users and their keys. */
export type UserDriftKind =
  | 'admin-missing' // the server has no administrator: apply would initialise the manifest's admin
  | 'user-missing' // in the manifest, not on the server
  | 'role-changed' // the role on the server is not the manifest's
  | 'user-renamed' // the server has the user under an earlier name (previously): apply would rename it in place
  | 'user-unexpected' // on the server, not in the manifest, and prune.users is on: apply would delete it
  | 'api-key-missing' // a key the manifest lists is not on the server
  | 'api-key-expired' // a key is older than its rotateAfter
  | 'api-key-extra' // a key on the server that the manifest does not list (or an older copy of one it lists)
  | 'password-differs'; // with passwords.verify: Portainer refused the manifest's password at a login

/** How the server differs from the manifest for a team as a whole. */
export type TeamDriftKind =
  | 'team-missing' // in the manifest, not on the server
  | 'team-renamed' // the server has the team under an earlier name (previously): apply would rename it in place
  | 'team-unexpected'; // on the server, not in the manifest, and prune.teams is on: apply would delete it (and its memberships)

/** How the server differs from the manifest for one user's place in a team. */
export type MembershipDriftKind =
  | 'member-missing' // the manifest puts the user in the team; the server does not
  | 'member-role-changed' // leader on one side, member on the other
  | 'member-unexpected'; // in the team on the server, not in the manifest, and prune.memberships is on

/** How the server differs from the manifest for one grant on a listed environment or group. */
export type AccessDriftKind =
  | 'grant-missing' // the manifest grants access; the server does not
  | 'grant-unexpected' // granted on the server, not in the manifest, and prune.access is on
  | 'grant-role-changed'; // another role on the server (Business Edition; Community Edition has none)

export type DriftKind = UserDriftKind | TeamDriftKind | MembershipDriftKind | AccessDriftKind;

/** A value as the manifest wants it or as the server has it; `null` where it does not exist. */
export interface DriftValue {
  /** A team's name. */
  name?: string;
  /** How many memberships a team has on the server (for a team apply would delete). */
  members?: number;
  username?: string;
  /** A user's role (`admin`, `standard`), a membership's (`leader`, `member`), or a grant's (`operator`, `access`...). */
  role?: Role | TeamRole | string;
  description?: string;
  /** Unix seconds, for keys on the server. */
  dateCreated?: number;
  /** As written in the manifest, e.g. `90d`. */
  rotateAfter?: string;
  /** Never a password: `refused` (Portainer refused the manifest's) or `manifest` (what apply sets). */
  password?: 'refused' | 'manifest';
}

interface DriftItemBase {
  address: string;
  /** What the manifest wants. */
  expected: DriftValue | null;
  /** What the server has. */
  actual: DriftValue | null;
  /** What apply would do about it. */
  remedy: Action;
}

export interface UserDriftItem extends DriftItemBase {
  kind: UserDriftKind;
  /** The user concerned, or the key's owner. */
  username: string;
  /** api-key-expired: why, in the manifest's words (`older than 90d`). */
  reason?: string;
  /** api-key-extra: the key's Id, and whether the manifest lists a key of its description (this one is an older copy). */
  keyId?: number;
  copyOfListed?: boolean;
}

/** A team item names the team; it has no `username` (no single user is concerned). */
export interface TeamDriftItem extends DriftItemBase {
  kind: TeamDriftKind;
  team: string;
}

export interface MembershipDriftItem extends DriftItemBase {
  kind: MembershipDriftKind;
  team: string;
  /** The member concerned. */
  username: string;
}

/** A grant item names the environment or group and the user or team it is for. */
export interface AccessDriftItem extends DriftItemBase {
  kind: AccessDriftKind;
  scope: 'environment' | 'group';
  resource: string;
  principal: 'user' | 'team';
  /** The user's or team's name (`#17` for a grant of an id that is nobody). */
  name: string;
  /** grant-unexpected: the grant names an id that is no user or team any more (`principalId`). */
  orphan?: true;
  principalId?: number;
}

export type DriftItem = UserDriftItem | TeamDriftItem | MembershipDriftItem | AccessDriftItem;

/**
 * A difference apply will not fix: the planner keeps the change back for
 * safety (a protected user, user Id 1, the tool's own identity; a protected
 * user's team memberships too).
 */
export type HeldDrift = Problem & HeldFacts;

/** Why apply leaves an unmanaged user or team alone: prune is off, nothing plans it, or a safety rule holds its delete back. */
export type UnmanagedReason = { code: 'prune-off' } | { code: 'not-planned' } | HeldDrift;

/** A server user the manifest does not list and apply leaves alone. Not drift by itself. */
export interface UnmanagedUser {
  id: number;
  username: string;
  role: Role;
  /** Why apply leaves it alone: prune is off, a protect pattern, user Id 1, the tool's own identity. */
  reason: UnmanagedReason;
}

/**
 * A server team the manifest does not list while it manages teams, left
 * alone because `prune.teams` is off. Not drift by itself, like an unmanaged user.
 */
export interface UnmanagedTeam {
  id: number;
  name: string;
  /** How many memberships it has on the server. */
  members: number;
  reason: Extract<UnmanagedReason, { code: 'prune-off' | 'not-planned' }>;
}

export type DriftStatus = 'in-sync' | 'drifted' | 'error';

export interface DriftSummary {
  drift: number;
  held: number;
  unmanaged: number;
  unmanagedTeams: number;
  errors: number;
}

export interface DriftReport {
  formatVersion: 1;
  target: string;
  manifest: string;
  manifestDigest: string;
  observedDigest: string;
  /** `error` when the check could not be completed, else `drifted` when `drift` or `held` is not empty. */
  status: DriftStatus;
  drift: DriftItem[];
  held: HeldDrift[];
  unmanaged: UnmanagedUser[];
  /** Always present; empty when the manifest names no team (teams are then not read at all). */
  unmanagedTeams: UnmanagedTeam[];
  /** Problems that stop the check itself (e.g. keys that could not be read): the report is incomplete. */
  errors: Problem[];
  /** Problems that would stop `apply` but not this check (e.g. no password for a user apply would create). */
  applyBlockers: Problem[];
  /** The plan's warnings that are no difference and nothing left unchecked (those are in `held` and `unchecked`): e.g. passwords `passwords.verify` could not check. */
  warnings: Problem[];
  /**
   * What the check could not read and leaves as it is (another
   * administrator's API keys, without its password): not drift, and not an
   * error either; the rest of the report is complete.
   */
  unchecked: Problem[];
  summary: DriftSummary;
  /** The plan's: every manifest file of a layered manifest, in order (absent for one file). */
  manifests?: string[];
}
