import type { Environment, EnvironmentGroup, PortainerClient } from '../portainer/index.js';
import type { AccessScope, DesiredAccessHolder, ObservedAccess, ObservedAccessHolder } from '../plan/types/index.js';

/**
 * What a plan of access needs, in the fewest reads: the environments in
 * pages (only when the manifest lists one), the groups in one read (only
 * when it lists one), the roles in one read, and the team names when the
 * teams are not read anyway. Of the environments and groups, only those the
 * manifest names are kept: the rest are never planned, and a change to them
 * must not make a saved plan stale.
 */
export async function observeAccess(
  client: PortainerClient,
  holders: readonly DesiredAccessHolder[] | 'all',
  options: { concurrency: number; teamNames: boolean },
): Promise<ObservedAccess> {
  // `all`: export, which writes every environment and group that has grants.
  const named = (scope: AccessScope) => (holders === 'all' ? undefined : new Set(holders.filter((holder) => holder.scope === scope).map((holder) => holder.name)));
  const environmentNames = named('environment');
  const groupNames = named('group');
  const [environments, groups, roles, teams] = await Promise.all([
    environmentNames?.size !== 0 ? client.listEnvironments(options.concurrency, environmentNames ? (name) => environmentNames.has(name) : undefined) : [],
    groupNames?.size !== 0 ? client.listEnvironmentGroups() : [],
    client.listRoles(),
    options.teamNames ? client.listTeams() : undefined,
  ]);
  const kept = [
    ...groups.filter((group) => groupNames?.has(group.name) ?? true).map((group) => holderOf('group', group)),
    ...environments.filter((environment) => environmentNames?.has(environment.name) ?? true).map((environment) => holderOf('environment', environment)),
  ];
  return {
    holders: kept,
    roles: roles.map((role) => ({ id: role.id, name: role.name })).sort((a, b) => a.id - b.id),
    ...(teams ? { teams: teams.map((team) => ({ id: team.id, name: team.name })).sort((a, b) => a.id - b.id) } : {}),
  };
}

function holderOf(scope: AccessScope, source: Environment | EnvironmentGroup): ObservedAccessHolder {
  return { scope, id: source.id, name: source.name, users: source.userAccess, teams: source.teamAccess };
}
