import type { PortainerClient } from '../portainer/index.js';
import type { DesiredState, ObservedState } from '../plan/types.js';
import type { Secret } from '../secret.js';
import { keysManagedBy, observeUsers, type ObserveOptions } from './observe.js';
import { observeTeams } from './observe-teams.js';

/**
 * The observed state of an initialised server: its users (with the keys
 * asked for) and, when `withTeams`, its teams and memberships, read beside
 * the users rather than after them.
 */
export async function observeServer(options: ObserveOptions, withTeams: boolean): Promise<ObservedState> {
  const users = observeUsers(options);
  const teams = withTeams ? observeTeams(options.client, users.then((state) => state.users)) : undefined;
  const [observed, observedTeams] = await Promise.all([users, teams]);
  return observedTeams === undefined ? observed : { ...observed, teams: observedTeams };
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
 * manifest manages and, when it names teams, the teams.
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
  );
}
