import { ADMIN_ADDRESS } from './address.js';
import { firstMatchingGlob } from './glob.js';
import { foldUsername, indexByUsername, sameUsername } from './match.js';
import type { Change, ObservedState, ObservedUser, PlanContext, PlanError, PrunePolicy } from './types.js';

/** Portainer's first administrator; its server refuses to delete it, and the tool never demotes it. */
const INITIAL_ADMIN_ID = 1;

export interface GuardedChanges {
  kept: Change[];
  warnings: string[];
}

/**
 * Drops the changes the tool must never make, each with a warning saying why:
 * deleting or demoting the initial admin or the identity the tool runs as
 * (which would lock the tool out), and any change to an existing user that
 * `prune.protect` covers. Creating a user whose name is protected is allowed:
 * there is nothing yet to protect.
 */
export function guardChanges(changes: readonly Change[], observed: ObservedState, prune: PrunePolicy, context: PlanContext): GuardedChanges {
  if (changes.length === 0) return { kept: [], warnings: [] };
  const byId = new Map(observed.users.map((user) => [user.id, user]));
  const byName = indexByUsername(observed.users);
  const guarded: GuardedChanges = { kept: [], warnings: [] };
  for (const change of changes) {
    const owner = ownerOf(change, byId, byName);
    const reason = owner && refusal(change, owner, prune, context);
    if (reason) guarded.warnings.push(`${change.address}: ${skipped(change)}: ${reason}`);
    else guarded.kept.push(change);
  }
  return guarded;
}

/** The existing user a change touches; none for creates of new users and for teams themselves. */
function ownerOf(change: Change, byId: Map<number, ObservedUser>, byName: Map<string, ObservedUser>): ObservedUser | undefined {
  if (change.kind === 'admin-init' || change.kind === 'team') return undefined;
  if (change.action === 'create') return change.kind === 'user' ? undefined : byName.get(foldUsername(change.username));
  return byId.get(change.userId);
}

/** A user delete or a demotion: either may take the server's last admin away. */
function removesAdmin(change: Change): boolean {
  return change.kind === 'user' && (change.action === 'delete' || (change.action === 'update' && change.after.role !== 'admin'));
}

function refusal(change: Change, owner: ObservedUser, prune: PrunePolicy, context: PlanContext): string | undefined {
  if (removesAdmin(change) && owner.id === INITIAL_ADMIN_ID) {
    return `it is Portainer's initial administrator (Id ${INITIAL_ADMIN_ID}), which is never deleted or demoted`;
  }
  if (removesAdmin(change) && context.runningAs !== undefined && sameUsername(owner.username, context.runningAs)) {
    return 'it is the identity this tool runs as, which is never deleted or demoted';
  }
  const pattern = firstMatchingGlob(owner.username, prune.protect);
  return pattern === undefined ? undefined : `user ${owner.username} matches prune.protect pattern "${pattern}"`;
}

function skipped(change: Change): string {
  if ((change.kind === 'user' || change.kind === 'team-membership') && change.action === 'update') {
    return `role not changed from "${change.before.role}" to "${change.after.role}"`;
  }
  const verbs = { create: 'not created', update: 'not changed', replace: 'not replaced', delete: 'not deleted' } as const;
  return verbs[change.action];
}

/**
 * Portainer has no guard of its own: with its last admin demoted or deleted
 * it falls back to accepting a public admin init. So count the admins the
 * server would have after every change, and refuse a plan that leaves none.
 */
export function checkAdminsRemain(changes: readonly Change[], observed: ObservedState): PlanError[] {
  if (!observed.adminExists) return []; // admin init is planned, or its absence is already an error
  if (!changes.some(removesAdmin)) return []; // the server has an admin, and nothing takes one away
  const roles = new Map(observed.users.map((user) => [foldUsername(user.username), user.role]));
  let lastRemoval: string | undefined;
  for (const change of changes) {
    if (change.kind === 'admin-init') roles.set(foldUsername(change.after.username), 'admin');
    else if (change.kind !== 'user') continue;
    else if (change.action === 'create') roles.set(foldUsername(change.after.username), change.after.role);
    else if (change.action === 'update') {
      roles.set(foldUsername(change.username), change.after.role);
      if (change.after.role !== 'admin') lastRemoval = change.address;
    } else {
      roles.delete(foldUsername(change.before.username));
      if (change.before.role === 'admin') lastRemoval = change.address;
    }
  }
  if ([...roles.values()].includes('admin')) return [];
  return [
    {
      address: lastRemoval ?? ADMIN_ADDRESS,
      message: 'the plan would leave Portainer without an administrator; keep at least one user with role admin in the manifest',
    },
  ];
}
