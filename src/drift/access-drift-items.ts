import { grantPlaceOf } from '../plan/access-changes.js';
import type { AccessChange } from '../plan/types/index.js';
import { assertNever } from '../plan/types/index.js';
import type { AccessDriftItem } from './types.js';

/**
 * Grant changes, framed as drift: a grant the manifest lists that the server
 * lacks, one the server has that the manifest does not list (prune.access),
 * and one whose role differs (Business Edition only).
 */
export function accessDrift(change: AccessChange): AccessDriftItem {
  const where = change.kind === 'environment-access' ? `environment ${change.resource}` : `environment group ${change.resource}`;
  const base = { ...grantPlaceOf(change), remedy: change.action };
  // A user is shown as a username, a team by its name, as memberships and teams are.
  const who = (role: string) => (change.principal === 'user' ? { username: change.name, role } : { name: change.name, role });
  switch (change.action) {
    case 'create':
      return { ...base, kind: 'grant-missing', expected: who(change.after.role), actual: null, message: `${change.principal} ${change.name} has access to ${where} in the manifest but not on the server` };
    case 'update':
      return {
        ...base,
        kind: 'grant-role-changed',
        expected: { role: change.after.role },
        actual: { role: change.before.role },
        message: `${change.principal} ${change.name} has the role ${change.before.role} on ${where} on the server, ${change.after.role} in the manifest`,
      };
    case 'delete':
      return {
        ...base,
        kind: 'grant-unexpected',
        expected: null,
        actual: who(change.before.role),
        message: change.orphan
          ? `${where} grants access to ${change.principal} Id ${change.principalId}, which is no ${change.principal} any more, and prune.access is on`
          : `${change.principal} ${change.name} has access to ${where} on the server but not in the manifest, and prune.access is on`,
      };
    default:
      return assertNever(change);
  }
}
