import { INITIAL_ADMIN_ID } from '../../limits.js';
import { firstMatchingGlob } from '../glob.js';
import { foldUsername, indexByUsername, sameUsername } from '../match.js';
import { problemAt, type HeldFacts, type Problem } from '../types/problems.js';
import { isAccessChange } from '../access-changes.js';
import { isRoleChange, isUserRename } from '../rename-changes.js';
import type { Change, HeldChange, ObservedState, ObservedUser, PlanContext, PrunePolicy } from '../types/index.js';

export interface GuardedChanges {
  kept: Change[];
  held: HeldChange[];
  /** One `held.*` warning per held change. */
  problems: Problem[];
}

/**
 * Holds back the changes the tool must never make, each with a warning saying why:
 * deleting or demoting the initial admin or the identity the tool runs as
 * (which would lock the tool out), and any change to an existing user that
 * `prune.protect` covers. Creating a user whose name is protected is allowed:
 * there is nothing yet to protect.
 */
export function guardChanges(changes: readonly Change[], observed: ObservedState, prune: PrunePolicy, context: PlanContext): GuardedChanges {
  const guarded: GuardedChanges = { kept: [], held: [], problems: [] };
  if (changes.length === 0) return guarded;
  const byId = new Map(observed.users.map((user) => [user.id, user]));
  const byName = indexByUsername(observed.users);
  // A renamed user's later changes name it by its new name: they are the same user's, and held with it.
  for (const change of changes) {
    if (change.kind !== 'user' || change.action !== 'update' || !isUserRename(change)) continue;
    const renamed = byId.get(change.userId);
    if (renamed) byName.set(foldUsername(change.after.username), renamed);
  }
  for (const change of changes) {
    const owner = ownerOf(change, byId, byName);
    const rule = owner && refusal(change, owner, prune, context, observed.authentication?.teamSync === true);
    if (!rule) {
      guarded.kept.push(change);
      continue;
    }
    const facts = { ...rule, username: owner.username, kind: change.kind, action: change.action, ...roleChangeOf(change) } as HeldFacts;
    guarded.held.push({ change, code: rule.code });
    guarded.problems.push(problemAt(change.address, facts));
  }
  return guarded;
}

/** The existing user a change touches; none for creates of new users and for teams themselves. */
function ownerOf(change: Change, byId: Map<number, ObservedUser>, byName: Map<string, ObservedUser>): ObservedUser | undefined {
  if (change.kind === 'admin-init' || change.kind === 'team') return undefined;
  if (isAccessChange(change)) {
    if (change.principal === 'team' || (change.action === 'delete' && change.orphan)) return undefined;
    return change.principalId === undefined ? byName.get(foldUsername(change.name)) : byId.get(change.principalId);
  }
  if (change.action === 'create') return change.kind === 'user' ? undefined : byName.get(foldUsername(change.username));
  return byId.get(change.userId);
}

/** A user delete or a demotion: either may take the server's last admin away. */
export function removesAdmin(change: Change): boolean {
  return change.kind === 'user' && (change.action === 'delete' || (change.action === 'update' && isRoleChange(change) && change.after.role !== 'admin'));
}

type Refusal =
  | { code: 'held.initial-admin'; userId: number }
  | { code: 'held.running-identity' }
  | { code: 'held.protected'; pattern: string }
  | { code: 'held.team-sync' };

function refusal(change: Change, owner: ObservedUser, prune: PrunePolicy, context: PlanContext, teamSync: boolean): Refusal | undefined {
  if (removesAdmin(change) && owner.id === INITIAL_ADMIN_ID) return { code: 'held.initial-admin', userId: INITIAL_ADMIN_ID };
  if (removesAdmin(change) && context.runningAs !== undefined && sameUsername(owner.username, context.runningAs)) {
    return { code: 'held.running-identity' };
  }
  const pattern = firstMatchingGlob(owner.username, prune.protect);
  if (pattern !== undefined) return { code: 'held.protected', pattern };
  // LDAP group sync puts a member of a team named like one of its groups back at every login: not fought on every run.
  if (teamSync && change.kind === 'team-membership' && change.action === 'delete' && owner.id !== INITIAL_ADMIN_ID) return { code: 'held.team-sync' };
  return undefined;
}

/** A role change kept back is said with both roles; other changes by their action alone. */
function roleChangeOf(change: Change): Pick<HeldFacts, 'role'> {
  if (change.kind === 'user' && change.action === 'update' && isRoleChange(change)) return { role: { from: change.before.role, to: change.after.role } };
  if (change.kind === 'team-membership' && change.action === 'update') return { role: { from: change.before.role, to: change.after.role } };
  return {};
}
