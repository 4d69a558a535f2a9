import type { ObservedState } from '../plan/types.js';
import { observeUsers, type ObserveOptions } from './observe.js';
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
