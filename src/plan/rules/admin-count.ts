import { isRoleChange } from '../rename-changes.js';
import { problemAt, type Problem } from '../types/problems.js';
import type { Change, ObservedState } from '../types/index.js';
import { removesAdmin } from './safety.js';

/** Where `admins.*` problems are reported, and the manifest path that sets the minimum. */
const ADDRESS = 'safety.minAdmins';

/**
 * Portainer has no guard of its own: with its last admin demoted or deleted
 * it falls back to accepting a public admin init. So count the server's
 * administrators before the plan and after every change of it (creates,
 * promotions, demotions, deletes, admin init; renames change nobody's role)
 * and hold the outcome to `safety.minAdmins` (default 1): a plan that leaves
 * none is `admin.none-left`; one that takes the count below the minimum is
 * `admins.below-minimum`; a server already below it, which the plan does not
 * lower further, is a warning. Changes kept back for safety are not in
 * `changes`, so they count as not made.
 */
export function checkAdminCount(changes: readonly Change[], observed: ObservedState, minimum: number | undefined): Problem[] {
  const roles = new Map<number, string>(observed.users.map((user) => [user.id, user.role]));
  const before = countAdmins(roles);
  // Admins this plan makes that have no Id yet: admin init, and users created as admins.
  let created = 0;
  let lastRemoval: string | undefined;
  for (const change of changes) {
    if (change.kind === 'admin-init') created += 1;
    if (change.kind !== 'user') continue;
    if (change.action === 'create') created += change.after.role === 'admin' ? 1 : 0;
    else if (change.action === 'delete') roles.delete(change.userId);
    else if (isRoleChange(change)) roles.set(change.userId, change.after.role);
    if (removesAdmin(change)) lastRemoval = change.address;
  }
  const after = countAdmins(roles) + created;
  // Admin init is planned, or its absence is an error already; a server with an admin keeps one unless a change takes it.
  if (!observed.adminExists && after === 0) return [];
  if (after === 0) return lastRemoval ? [problemAt(lastRemoval, { code: 'admin.none-left' })] : [];
  const floor = minimum ?? 1;
  if (after >= floor) return [];
  const at = minimum === undefined ? {} : { path: ['safety', 'minAdmins'] };
  const code = after < before ? 'admins.below-minimum' : 'admins.already-below-minimum';
  return [problemAt(ADDRESS, { code, minimum: floor, before, after, ...at })];
}

function countAdmins(roles: ReadonlyMap<number, string>): number {
  let count = 0;
  for (const role of roles.values()) if (role === 'admin') count += 1;
  return count;
}
