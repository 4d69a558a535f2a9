/**
 * What the manifest wants (DesiredState), what the server has (ObservedState),
 * and what else the planner is told (PlanContext). Plain data, like the plan.
 */
import type { SecretProblem } from '../../secret-problem.js';
import type { DesiredAccessHolder, ManifestPath, ObservedAccess } from './access.js';

export type Role = 'admin' | 'standard';

// ---------------------------------------------------------------- desired

/** Facts about a password; never its value, which is read only when a request needs it. */
export interface PasswordFacts {
  /** The manifest gives a password for this user. */
  given: boolean;
  /** Its length in characters, when it could be read. */
  length?: number;
  /** Its length in UTF-8 bytes: what Portainer's minimum and bcrypt's 72-byte limit count. */
  bytes?: number;
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
  /** With `rotateAfter`: how long the replaced key keeps working after its successor exists (same shape: as written, and seconds). */
  overlap?: RotateAfter;
}

export interface DesiredUser {
  username: string;
  role: Role;
  password: PasswordFacts;
  /** `undefined`: the manifest leaves this user's keys alone; `[]`: the user has no keys. */
  apiKeys?: DesiredApiKey[];
  /** This entry is the manifest's `admin` block: initialised when the server has no admin. */
  bootstrapAdmin?: boolean;
  /** `previously`: names this user had on the server, as written; the plan renames a user found under one of them. */
  previously?: string[];
  /** Where the entry is in the manifest (`['users', 3]`, `['admin']`), for problems that need its line and column. */
  path?: ManifestPath;
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
  /** On a listed environment or group, remove grants the manifest does not list; absent means true. */
  access?: boolean;
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
  /** `previously`: names this team had on the server, as written (a team of the top-level `teams` list only). */
  previously?: string[];
  /** Where the team is in the manifest's top-level `teams` (`['teams', 2]`); absent for a team only users name. */
  path?: ManifestPath;
}

export interface DesiredState {
  /** The `admin` block first (when present), then `users` in manifest order. */
  users: DesiredUser[];
  prune: PrunePolicy;
  /** `passwords.verify`: log in as each user with a password and reset the ones Portainer refuses. */
  verifyPasswords?: boolean;
  /**
   * Present only when the manifest names any team (top-level `teams` or a
   * user's `teams`): both forms merged, sorted by name. Absent: leave teams alone.
   */
  teams?: DesiredTeam[];
  /**
   * Present only when the manifest lists `environments` or `environmentGroups`:
   * environments first, then groups, each in manifest order. Absent: access is left alone.
   */
  access?: DesiredAccessHolder[];
  /** `safety.minAdmins`: never fewer administrators than this after a plan; absent means the default, 1. */
  minAdmins?: number;
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
  /** With `passwords.verify`: whether Portainer accepts the manifest's password (a login); absent when not checked. */
  passwordAccepted?: boolean;
}

/** How the server authenticates (`GET /settings/public`): a directory's users have no local password. */
export interface Authentication {
  method: 'internal' | 'ldap' | 'oauth';
  /** LDAP group sync: a login adds the user to the teams named like its directory groups. */
  teamSync: boolean;
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
  /** Absent: internal authentication, without team sync. */
  authentication?: Authentication;
  /** The environments and groups the manifest names, and the roles; read only when it names any. */
  access?: ObservedAccess;
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
  /**
   * `--replace ADDRESS`: addresses of keys the manifest manages
   * (`user.alice.apiKey[deploy]`, as `apiKeyAddress` writes them) to replace in
   * this plan whatever their age.
   */
  replace?: readonly string[];
}

/** Why a user's API keys could not be read; Portainer lets only an admin itself list its keys. */
export type KeysUnreadable =
  | { cause: 'no-password' } // another admin's keys, and the manifest gives no password to log in as it
  | { cause: 'password-unreadable'; secret: SecretProblem }
  | { cause: 'login-refused' } // logging in with the manifest's password failed (Invalid credentials)
  | { cause: 'other-admin' } // export logs in as nobody else
  | { cause: 'oauth' }; // an OAuth Portainer has no password login but for user Id 1
