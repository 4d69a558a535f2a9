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
  const base = { ...grantPlaceOf(change), remedy: change.action };
  // A user is shown as a username, a team by its name, as memberships and teams are.
  const who = (role: string) => (change.principal === 'user' ? { username: change.name, role } : { name: change.name, role });
  switch (change.action) {
    case 'create':
      return { ...base, kind: 'grant-missing', expected: who(change.after.role), actual: null };
    case 'update':
      return {
        ...base,
        kind: 'grant-role-changed',
        expected: { role: change.after.role },
        actual: { role: change.before.role },
      };
    case 'delete':
      return {
        ...base,
        kind: 'grant-unexpected',
        expected: null,
        actual: who(change.before.role),
        ...(change.orphan ? { orphan: true, principalId: change.principalId } : {}),
      };
    default:
      return assertNever(change);
  }
}
