import { UNASSIGNED_GROUP_ID, type AccessPolicies, type StoredEnvironment, type StoredEnvironmentGroup } from '../stores/environment-store.js';
import type { EmulatorStore } from '../stores/store.js';
import type { AccessTarget, EmulatorAccessView, Principal, SeedAccessHolder, SeedEnvironment } from '../types.js';
import type { StaleWriters } from './stale-writer.js';

/**
 * Environments, groups and grants changed behind the tool's back (seed,
 * drift tests): straight into the store. Names of users and teams match
 * ignoring case, environments exactly, groups by the first of that name.
 */
export function applySeedEnvironments(store: EmulatorStore, groups: SeedAccessHolder[] | undefined, environments: SeedEnvironment[] | undefined): void {
  for (const seedGroup of groups ?? []) {
    const group = store.environments.createGroup(seedGroup.name);
    seedGrants(store, group, seedGroup);
  }
  for (const seedEnvironment of environments ?? []) {
    const environment = store.environments.createEnvironment(seedEnvironment.name, groupIdOf(store, seedEnvironment.group));
    seedGrants(store, environment, seedEnvironment);
  }
}

function seedGrants(store: EmulatorStore, holder: StoredEnvironment | StoredEnvironmentGroup, seed: SeedAccessHolder): void {
  for (const grant of seed.users ?? []) holder.userAccess.set(principalId(store, { user: grant.name }), { roleId: grant.roleId ?? 0 });
  for (const grant of seed.teams ?? []) holder.teamAccess.set(principalId(store, { team: grant.name }), { roleId: grant.roleId ?? 0 });
}

export function addEnvironment(store: EmulatorStore, name: string, group?: string): number {
  if (store.environments.environmentByName(name)) throw new Error(`emulator: an environment named "${name}" already exists`);
  return store.environments.createEnvironment(name, groupIdOf(store, group)).id;
}

export function addEnvironmentGroup(store: EmulatorStore, name: string): number {
  return store.environments.createGroup(name).id;
}

/** Sets (or changes the role of) one grant, as an admin in the UI would. */
export function grant(store: EmulatorStore, target: AccessTarget, principal: Principal, roleId: number): void {
  policiesOf(store, target, principal).set(principalId(store, principal), { roleId });
}

export function revoke(store: EmulatorStore, target: AccessTarget, principal: Principal): void {
  policiesOf(store, target, principal).delete(principalId(store, principal));
}

/** Another client will write back its stale copy of the target's access right after each of its next `times` PUTs. */
export function armStaleWriter(store: EmulatorStore, writers: StaleWriters, target: AccessTarget, times: number): void {
  if ('environment' in target) {
    const environment = store.environments.environmentByName(target.environment);
    if (!environment) throw new Error(`emulator: no environment "${target.environment}"`);
    writers.arm('environment', environment.id, times);
    return;
  }
  const group = groupByName(store, target.group);
  if (!group) throw new Error(`emulator: no group "${target.group}"`);
  writers.arm('group', group.id, times);
}

export function listAccess(store: EmulatorStore): EmulatorAccessView[] {
  const view = (kind: 'environment' | 'group', holder: StoredEnvironment | StoredEnvironmentGroup): EmulatorAccessView => ({
    kind,
    id: holder.id,
    name: holder.name,
    users: [...holder.userAccess].map(([id, policy]) => ({ id, name: store.user(id)?.username ?? '', roleId: policy.roleId })),
    teams: [...holder.teamAccess].map(([id, policy]) => ({ id, name: store.teams.team(id)?.name ?? '', roleId: policy.roleId })),
  });
  return [
    ...store.environments.groups().map((group) => view('group', group)),
    ...store.environments.environments().map((environment) => view('environment', environment)),
  ];
}

function policiesOf(store: EmulatorStore, target: AccessTarget, principal: Principal): AccessPolicies {
  const holder = 'environment' in target ? store.environments.environmentByName(target.environment) : groupByName(store, target.group);
  if (!holder) throw new Error(`emulator: no ${'environment' in target ? `environment "${target.environment}"` : `group "${target.group}"`}`);
  return isTeam(principal) ? holder.teamAccess : holder.userAccess;
}

/** A principal by name, or by a bare id (which need not exist: Portainer checks none). */
function principalId(store: EmulatorStore, principal: Principal): number {
  if ('id' in principal) return principal.id;
  if ('user' in principal) {
    const user = store.userByUsername(principal.user);
    if (!user) throw new Error(`emulator: no user named "${principal.user}"`);
    return user.id;
  }
  const team = store.teams.teamByName(principal.team);
  if (!team) throw new Error(`emulator: no team named "${principal.team}"`);
  return team.id;
}

function isTeam(principal: Principal): boolean {
  return 'team' in principal || ('kind' in principal && principal.kind === 'team');
}

function groupIdOf(store: EmulatorStore, name: string | undefined): number {
  if (name === undefined) return UNASSIGNED_GROUP_ID;
  const group = groupByName(store, name);
  if (!group) throw new Error(`emulator: no environment group named "${name}"`);
  return group.id;
}

function groupByName(store: EmulatorStore, name: string): StoredEnvironmentGroup | undefined {
  return store.environments.groups().find((group) => group.name === name);
}
