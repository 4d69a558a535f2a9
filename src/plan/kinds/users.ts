import { ADMIN_ADDRESS, userAddress } from '../address.js';
import { foldUsername, indexByUsername } from '../match.js';
import type { Change, DesiredState, DesiredUser, ObservedState, ObservedUser } from '../types/index.js';

/** A manifest entry and the server's user of the same (case-insensitive) name, if any. */
export interface UserMatch {
  desired: DesiredUser;
  observed?: ObservedUser;
}

export interface UserMatching {
  matches: UserMatch[];
  /** Server users the manifest does not list. */
  unlisted: ObservedUser[];
}

export function matchUsers(desired: DesiredState, observed: ObservedState): UserMatching {
  const byName = indexByUsername(observed.users);
  const listed = new Set<string>();
  const matches = desired.users.map((user): UserMatch => {
    const key = foldUsername(user.username);
    listed.add(key);
    const match = byName.get(key);
    return match ? { desired: user, observed: match } : { desired: user };
  });
  const unlisted = observed.users.filter((user) => !listed.has(foldUsername(user.username)));
  return { matches, unlisted };
}

/**
 * User-level changes before any safety rule: admin init on a fresh server,
 * creates, role updates, and deletes of unlisted users when pruning (never
 * of a user whose name is on a `previously`; renames are planned apart). A
 * case-only difference in the name is never a change (Portainer would
 * repeat it forever), and passwords are never planned: they are set at create.
 */
export function diffUsers(matching: UserMatching, desired: DesiredState, observed: ObservedState, previousNames: ReadonlySet<string> = new Set()): Change[] {
  const changes: Change[] = [];
  for (const { desired: user, observed: current } of matching.matches) {
    if (current) {
      if (current.role !== user.role) changes.push(roleUpdate(user, current));
    } else if (user.bootstrapAdmin && !observed.adminExists) {
      changes.push({ address: ADMIN_ADDRESS, kind: 'admin-init', action: 'create', before: null, after: { username: user.username } });
    } else {
      changes.push(userCreate(user, (observed.authentication?.method ?? 'internal') !== 'internal'));
    }
  }
  if (desired.prune.users) {
    // A name on some entry's `previously` is that entry's user (a rename the plan could not make is an error of its own): never pruned.
    for (const user of matching.unlisted) if (!previousNames.has(foldUsername(user.username))) changes.push(userDelete(user));
  }
  return changes;
}

/** A directory's users (LDAP, OAuth) are created without a password: the plan says what is sent. */
function userCreate(user: DesiredUser, directory: boolean): Change {
  return {
    address: userAddress(user.username),
    kind: 'user',
    action: 'create',
    before: null,
    after: { username: user.username, role: user.role, ...(directory ? { password: 'none' as const } : {}) },
  };
}

function roleUpdate(user: DesiredUser, current: ObservedUser): Change {
  return {
    address: userAddress(user.username),
    kind: 'user',
    action: 'update',
    userId: current.id,
    username: user.username,
    before: { role: current.role },
    after: { role: user.role },
    fields: ['role'],
  };
}

/** Unlisted users are addressed by the server's spelling of their name. */
function userDelete(user: ObservedUser): Change {
  return {
    address: userAddress(user.username),
    kind: 'user',
    action: 'delete',
    userId: user.id,
    before: { username: user.username, role: user.role },
    after: null,
  };
}
