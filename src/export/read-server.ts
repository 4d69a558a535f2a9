import type { PortainerClient } from '../portainer/index.js';
import type { ObservedState } from '../plan/types/index.js';
import { observeServer } from '../state/observe-server.js';

export interface ReadServerOptions {
  /** Acts as the identity the tool runs as (an admin). */
  client: PortainerClient;
  /** That identity's username. */
  runningAs: string;
  concurrency: number;
}

/**
 * Everything export can read: `GET /users`, then the keys of every user
 * Portainer lets this identity list (itself and every standard user). Another
 * admin's keys can be listed only by that admin, and export has no password
 * for anyone, so those are marked unreadable with Portainer's reason.
 * Teams and memberships are two more reads (`GET /teams`,
 * `GET /team_memberships`), started beside the users as a plan starts them,
 * and so are every environment (in pages), every group and the roles.
 */
export async function readServerForExport(options: ReadServerOptions): Promise<ObservedState> {
  // Ask observe for every user's keys, as if a manifest managed them all, with no password to log in as another admin.
  const observed = await observeServer(
    {
      ...options,
      keysWanted: (user) => ({ username: user.username, role: user.role, password: { given: false }, apiKeys: [] }),
      passwordFor: () => undefined,
    },
    true,
    'all',
  );
  return {
    ...observed,
    users: observed.users.map((user) =>
      user.apiKeysUnreadable === undefined
        ? user
        : { ...user, apiKeysUnreadable: { cause: 'other-admin' } },
    ),
  };
}
