import { INITIAL_ADMIN_ID } from '../../limits.js';
import { userAddress } from '../address.js';
import { foldUsername } from '../match.js';
import { problemAt, type Problem } from '../types/problems.js';
import type { Change, DesiredState, ObservedState } from '../types/index.js';

/**
 * On an LDAP Portainer with group sync, every login puts the user in the
 * teams named like its directory groups, the tool's own logins too: creating
 * a user's API key is a login as that user. The groups are known only to the
 * directory, so the plan cannot say which teams; it says that it may happen,
 * per user, when the manifest manages memberships (a membership the login
 * adds is then held back, `held.team-sync`, and drift reports it). User Id 1
 * logs in with its local password, which syncs nothing.
 */
export function checkKeyLoginTeamSync(changes: readonly Change[], desired: DesiredState, observed: ObservedState): Problem[] {
  const authentication = observed.authentication;
  if (authentication?.method !== 'ldap' || !authentication.teamSync) return [];
  if (desired.teams === undefined || desired.prune.memberships === false) return [];
  const local = new Set(observed.users.filter((user) => user.id === INITIAL_ADMIN_ID).map((user) => foldUsername(user.username)));
  for (const user of desired.users) if (user.bootstrapAdmin && !observed.adminExists) local.add(foldUsername(user.username));
  const owners = new Map<string, string>();
  for (const change of changes) {
    if (change.kind !== 'api-key' || change.action === 'delete' || local.has(foldUsername(change.username))) continue;
    if (!owners.has(foldUsername(change.username))) owners.set(foldUsername(change.username), change.username);
  }
  return [...owners.values()].map((username) => problemAt(userAddress(username), { code: 'keys.login-syncs-teams', username }));
}
