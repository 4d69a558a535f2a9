import type { TeamRole } from '../plan/types.js';

/**
 * What an access review reads from one Portainer, as plain data: the input
 * of the resolver and of the report. Ids are Portainer's; nothing here is
 * resolved yet.
 */

/** One entry of an access map: a user's or a team's id and its RoleId (which may name no role). */
export interface AuditGrant {
  id: number;
  roleId: number;
}

export interface AuditAccessHolder {
  id: number;
  name: string;
  userAccess: readonly AuditGrant[];
  teamAccess: readonly AuditGrant[];
}

export interface AuditEnvironment extends AuditAccessHolder {
  groupId: number;
}

/** `GET /roles`; empty on Community Edition. A higher `priority` is a more restrictive role. */
export interface AuditRole {
  id: number;
  name: string;
  priority: number;
}

export interface AuditKeyRecord {
  description: string;
  /** Unix seconds. */
  dateCreated: number;
  /** Unix seconds; 0 when the key was never used. */
  lastUsed: number;
}

export interface AuditUserRecord {
  id: number;
  username: string;
  role: 'admin' | 'standard';
  /** `unreadable`: Portainer shows an administrator's keys to that administrator alone. */
  keys: readonly AuditKeyRecord[] | 'unreadable';
}

export interface AuditMembership {
  id: number;
  userId: number;
  teamId: number;
  role: TeamRole;
}

export interface AuditServer {
  /** The normalised URL the report names. */
  target: string;
  /** `InstanceID` of `GET /system/status`; null when the server sends none. */
  instanceId: string | null;
  users: readonly AuditUserRecord[];
  teams: readonly { id: number; name: string }[];
  /** In Portainer's order (by id): among teams of equal roles, the first membership's team is named. */
  memberships: readonly AuditMembership[];
  environments: readonly AuditEnvironment[];
  groups: readonly AuditAccessHolder[];
  roles: readonly AuditRole[];
}
