/**
 * The vocabulary of the pure core: what the manifest wants (DesiredState),
 * what the server has (ObservedState), and the Plan between them. Everything
 * here is plain data, so a plan can be saved to a file and applied later.
 */

import type { SecretProblem } from '../secret-problem.js';
import type { HeldCode, KeysUnreadable, Problem } from './problems.js';

export type Role = 'admin' | 'standard';

// ---------------------------------------------------------------- desired

/** Facts about a password; never its value, which is read only when a request needs it. */
export interface PasswordFacts {
  /** The manifest gives a password for this user. */
  given: boolean;
  /** Its length, when it could be read. */
  length?: number;
  /** Why it could not be read: a missing environment variable, an unreadable file. */
  problem?: SecretProblem;
}

export interface RotateAfter {
  /** As written in the manifest, e.g. `90d`; used in plan reasons. */
  text: string;
  seconds: number;
}

export interface DesiredApiKey {
  description: string;
  rotateAfter?: RotateAfter;
}

export interface DesiredUser {
  username: string;
  role: Role;
  password: PasswordFacts;
  /** `undefined`: the manifest leaves this user's keys alone; `[]`: the user has no keys. */
  apiKeys?: DesiredApiKey[];
  /** This entry is the manifest's `admin` block: initialised when the server has no admin. */
  bootstrapAdmin?: boolean;
}

/** At most `count` user deletes, or `percent` of the server's users (only on a server of more than `aboveUsers` users). */
export type MaxDeletes = { count: number } | { percent: number; aboveUsers?: number };

export interface PrunePolicy {
  /** Delete server users that the manifest does not list. */
  users: boolean;
  /** Glob patterns (`*`, `?`) of usernames never changed or deleted. */
  protect: string[];
  maxDeletes?: MaxDeletes;
  /** Delete server teams that the manifest does not list; absent means false. */
  teams?: boolean;
  /** Remove members the manifest does not list from the teams it lists; absent means true. */
  memberships?: boolean;
}

/** Portainer's two membership roles (1 and 2 on the wire). */
export type TeamRole = 'leader' | 'member';

export interface DesiredTeamMember {
  /** As written in the manifest; it may name a user that exists only on the server. */
  username: string;
  role: TeamRole;
}

export interface DesiredTeam {
  /** Portainer compares team names case-insensitively. */
  name: string;
  /** Leaders and members together, sorted by username; `[]` means the team has no members. */
  members: DesiredTeamMember[];
}

export interface DesiredState {
  /** The `admin` block first (when present), then `users` in manifest order. */
  users: DesiredUser[];
  prune: PrunePolicy;
  /**
   * Present only when the manifest names any team (top-level `teams` or a
   * user's `teams`): both forms merged, sorted by name. Absent: leave teams alone.
   */
  teams?: DesiredTeam[];
}

// ---------------------------------------------------------------- observed

export interface ObservedApiKey {
  id: number;
  description: string;
  /** Unix seconds. */
  dateCreated: number;
}

export interface ObservedUser {
  id: number;
  username: string;
  role: Role;
  /** Present only when the keys were read (the manifest manages them). */
  apiKeys?: ObservedApiKey[];
  /** Why the keys could not be read, when they were wanted but not readable. */
  apiKeysUnreadable?: KeysUnreadable;
}

/** A user's place in a team, from `GET /team_memberships`. */
export interface ObservedTeamMember {
  /** The membership's own Id (`PUT`/`DELETE /team_memberships/{id}`). */
  membershipId: number;
  userId: number;
  /** The server's spelling of the member's name, looked up by `userId` in `users`. */
  username: string;
  role: TeamRole;
}

export interface ObservedTeam {
  id: number;
  name: string;
  /** Sorted by username. */
  members: ObservedTeamMember[];
}

export interface ObservedState {
  /** `GET /users/admin/check`: false on a fresh server, where nothing else is observed. */
  adminExists: boolean;
  users: ObservedUser[];
  /**
   * `GET /teams` and `GET /team_memberships`, read only when the manifest
   * manages teams (`DesiredState.teams` present). Absent: not read.
   */
  teams?: ObservedTeam[];
}

// ---------------------------------------------------------------- inputs of the planner

export interface PlanContext {
  /** Unix seconds, for `rotateAfter`. The planner never reads a clock itself. */
  now: number;
  /** `RequiredPasswordLength` from `GET /api/settings/public`. */
  minPasswordLength: number;
  /** Username of the identity the tool runs as (never deleted or demoted). */
  runningAs?: string;
  /** Admin init needs `X-Setup-Token` on this server, and whether the user gave one. */
  setupToken: { required: boolean; given: boolean };
  allowMassDelete: boolean;
  /**
   * Ids of server keys whose raw value reached nobody: their creation was
   * sent, the answer was lost, and the secrets file never got the value.
   * Such a key is replaced (when still wanted) or deleted.
   */
  keysWithLostRawValue?: readonly number[];
}

// ---------------------------------------------------------------- changes

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

export type Change =
  | AdminInitChange
  | UserCreateChange
  | UserUpdateChange
  | UserDeleteChange
  | ApiKeyCreateChange
  | ApiKeyReplaceChange
  | ApiKeyDeleteChange
  | TeamCreateChange
  | TeamDeleteChange
  | MembershipCreateChange
  | MembershipUpdateChange
  | MembershipDeleteChange;

export type Action = Change['action'];

// ---------------------------------------------------------------- the plan

export interface PlanSummary {
  create: number;
  update: number;
  replace: number;
  delete: number;
}

/** A difference the planner keeps back for safety: the change it would have made, and which rule stopped it. */
export interface HeldChange {
  change: Change;
  code: HeldCode;
}

/** What the pure planner computes from desired, observed and context. */
export interface PlanBody {
  changes: Change[];
  summary: PlanSummary;
  /** Every rule that fired, errors and warnings, by address. */
  problems: Problem[];
  /** Changes kept back for safety, in apply order; each also has a `held.*` warning in `problems`. */
  held: HeldChange[];
  /** No problem is an error: apply may go ahead. */
  applyable: boolean;
}

/** Where a plan came from; filled in by the command that made it. */
export interface PlanMeta {
  target: string;
  manifest: string;
  manifestDigest: string;
  observedDigest: string;
}

/**
 * The public, versioned plan object of `plan --json` and `plan --out`
 * (the JSON form adds format 1's `warnings` and `errors`, and each problem's
 * sentence, rendered from `problems`).
 */
export interface Plan extends PlanMeta, PlanBody {
  formatVersion: 1;
  /** `sha256:` of the canonical change list: what a reviewer approved, in one value. */
  changesDigest: string;
}

export type { HeldCode, KeysUnreadable, Problem, ProblemCode, ProblemFacts, ProblemSeverity } from './problems.js';
export type { SecretProblem } from '../secret-problem.js';

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
