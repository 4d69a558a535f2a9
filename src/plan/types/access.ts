/**
 * Access to environments and environment groups: what the manifest grants,
 * what the server's access policies hold, and the changes between them.
 * Plain data, like the rest of the plan.
 */

/** An environment (Portainer's endpoint) or an environment group: both carry the same two maps. */
export type AccessScope = 'environment' | 'group';

/** Who a grant is for. */
export type Principal = 'user' | 'team';

/** Where an entry sits in the manifest, for errors that only the server can reveal. */
export interface ManifestPosition {
  line: number;
  col: number;
  /** The file, in a layered manifest (in one file, it is the plan's `manifest`). */
  file?: string;
}

/** The entry's path in the manifest (`['environments', 0, 'users', 1]`); its line and column are looked up only for a problem. */
export type ManifestPath = (string | number)[];

// ---------------------------------------------------------------- desired

/** A role as the manifest writes it: a slug (`operator`), a role's name, or `{ id }`, a RoleId as Portainer stores it. */
export type ManifestRole = string | { id: number };

export interface DesiredGrant {
  /** A username or a team name as the manifest spells it (matched case-insensitively). */
  name: string;
  /** As written; absent means the default (standard). */
  role?: ManifestRole;
  path?: ManifestPath;
}

export interface DesiredAccessHolder {
  scope: AccessScope;
  /** Exactly as Portainer names the environment or group. */
  name: string;
  users: DesiredGrant[];
  teams: DesiredGrant[];
  path?: ManifestPath;
}

// ---------------------------------------------------------------- observed

/** One entry of an access map: a user's or team's id (which may name nobody) and its RoleId. */
export interface ObservedGrant {
  id: number;
  roleId: number;
}

export interface ObservedAccessHolder {
  scope: AccessScope;
  id: number;
  name: string;
  /** Sorted by id. */
  users: ObservedGrant[];
  teams: ObservedGrant[];
}

export interface ObservedRole {
  id: number;
  name: string;
}

export interface ObservedAccess {
  /**
   * The environments and groups the manifest names, as the server has them
   * (every group of a listed name, since group names are not unique). An
   * environment or group the server lacks is simply absent.
   */
  holders: ObservedAccessHolder[];
  /** `GET /roles`: empty on Community Edition, which has no roles. */
  roles: ObservedRole[];
  /** Team names by id, read when the manifest manages no teams (so `ObservedState.teams` is absent). */
  teams?: { id: number; name: string }[];
}
