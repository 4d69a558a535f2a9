import type { PortainerClient } from '../portainer/index.js';
import type { DesiredAccessHolder, DesiredState, ObservedState } from '../plan/types/index.js';
import type { Secret } from '../secret.js';
import { keysManagedBy, observeUsers, type ObserveOptions } from './observe.js';
import { observeAccess } from './observe-access.js';
import { observeTeams } from './observe-teams.js';

/**
 * The observed state of an initialised server: its users (with the keys
 * asked for), when `withTeams` its teams and memberships, and when `access`
 * lists any environment or group, their grants and the roles; all read side
 * by side rather than one after another.
 */
export async function observeServer(options: ObserveOptions, withTeams: boolean, access?: readonly DesiredAccessHolder[] | 'all'): Promise<ObservedState> {
  const users = observeUsers(options);
  const teams = withTeams ? observeTeams(options.client, users.then((state) => state.users)) : undefined;
  const grants = access ? observeAccess(options.client, access, { concurrency: options.concurrency, teamNames: !withTeams }) : undefined;
  const [observed, observedTeams, observedAccess] = await Promise.all([users, teams, grants]);
  return {
    ...observed,
    ...(observedTeams === undefined ? {} : { teams: observedTeams }),
    ...(observedAccess === undefined ? {} : { access: observedAccess }),
  };
}

export interface ObserveFor {
  /** Username of the identity the client acts as. */
  runningAs: string;
  /** The manifest's password of a user, to read another admin's keys; none by default. */
  passwordFor?: (username: string) => Secret | undefined;
  /** Parallel reads; 8 by default. */
  concurrency?: number;
}

/**
 * What a plan of `desired` needs to know about the server, for library users:
 * whether it has an admin, then (when it has) the users, the keys the
 * manifest manages, when it names teams the teams, and when it grants
 * access the environments and groups it names.
 */
export async function observe(client: PortainerClient, desired: DesiredState, options: ObserveFor): Promise<ObservedState> {
  if (!(await client.adminExists())) return { adminExists: false, users: [] };
  return observeServer(
    {
      client,
      runningAs: options.runningAs,
      keysWanted: keysManagedBy(desired),
      passwordFor: options.passwordFor ?? (() => undefined),
      concurrency: options.concurrency ?? 8,
    },
    desired.teams !== undefined,
    desired.access,
  );
}
