/**
 * Environments (endpoints), environment groups and roles, as Portainer keeps
 * them (api/portainer.go Endpoint, EndpointGroup, Role). Access is two maps
 * on each, keyed by user or team id: `{"<id>": {"RoleId": n}}`. Portainer
 * checks nothing in them (unknown ids, any RoleId), and has no version field.
 */
export type AccessPolicies = Map<number, { roleId: number }>;

export interface StoredEnvironment {
  readonly id: number;
  name: string;
  groupId: number;
  userAccess: AccessPolicies;
  teamAccess: AccessPolicies;
}

export interface StoredEnvironmentGroup {
  readonly id: number;
  name: string;
  description: string;
  userAccess: AccessPolicies;
  teamAccess: AccessPolicies;
}

export interface StoredRole {
  id: number;
  name: string;
  description: string;
  priority: number;
}

/** Group 1 exists on every Portainer (datastore init): environments without a group are in it. */
export const UNASSIGNED_GROUP_ID = 1;

/**
 * Business Edition's built-in roles as 2.45 lists them (GET /roles), with the
 * priorities its resolver compares (pkg/authorization/resolver.go: the
 * highest number, the most restrictive role, wins among several teams).
 * Community Edition has none.
 */
export const BUSINESS_ROLES: readonly StoredRole[] = [
  { id: 1, name: 'Environment administrator', description: 'Full control of all resources in an environment', priority: 1 },
  { id: 2, name: 'Helpdesk', description: 'Read-only access of all resources in an environment', priority: 3 },
  { id: 3, name: 'Standard user', description: 'Full control of assigned resources in an environment', priority: 5 },
  { id: 4, name: 'Read-only user', description: 'Read-only access of assigned resources in an environment', priority: 6 },
  { id: 5, name: 'Operator', description: 'Operational control of all existing resources in an environment', priority: 2 },
  { id: 6, name: 'Namespace Operator', description: 'Operational control of the resources in assigned namespaces', priority: 4 },
];

export type Edition = 'ce' | 'be';

/** The `endpoints`, `endpoint_groups` and `roles` buckets; ids are never reused, lists come in id order. */
export class EnvironmentStore {
  readonly #environments = new Map<number, StoredEnvironment>();
  readonly #groups = new Map<number, StoredEnvironmentGroup>();
  readonly roles: readonly StoredRole[];
  #nextEnvironmentId = 1;
  #nextGroupId = 1;

  constructor(edition: Edition) {
    this.roles = edition === 'be' ? BUSINESS_ROLES : [];
    this.createGroup('Unassigned', 'Unassigned endpoints');
  }

  createEnvironment(name: string, groupId = UNASSIGNED_GROUP_ID): StoredEnvironment {
    const environment: StoredEnvironment = { id: this.#nextEnvironmentId++, name, groupId, userAccess: new Map(), teamAccess: new Map() };
    this.#environments.set(environment.id, environment);
    return environment;
  }

  /** Group names are not unique in Portainer: nothing here checks them. */
  createGroup(name: string, description = ''): StoredEnvironmentGroup {
    const group: StoredEnvironmentGroup = { id: this.#nextGroupId++, name, description, userAccess: new Map(), teamAccess: new Map() };
    this.#groups.set(group.id, group);
    return group;
  }

  environment(id: number): StoredEnvironment | undefined {
    return this.#environments.get(id);
  }

  /** Names are unique since 2.14, compared exactly (unique_name.go). */
  environmentByName(name: string): StoredEnvironment | undefined {
    return this.environments().find((environment) => environment.name === name);
  }

  environments(): StoredEnvironment[] {
    return [...this.#environments.values()];
  }

  group(id: number): StoredEnvironmentGroup | undefined {
    return this.#groups.get(id);
  }

  groups(): StoredEnvironmentGroup[] {
    return [...this.#groups.values()];
  }

  /** Portainer 2.45 removes a deleted user's grants everywhere, in the same transaction (2.0-2.23 do not). */
  forgetUser(userId: number): void {
    for (const holder of [...this.environments(), ...this.groups()]) holder.userAccess.delete(userId);
  }

  forgetTeam(teamId: number): void {
    for (const holder of [...this.environments(), ...this.groups()]) holder.teamAccess.delete(teamId);
  }
}
