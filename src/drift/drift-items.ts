import { foldUsername } from '../plan/match.js';
import type { Change, ChangeKind, DesiredState, DesiredUser, KindChange } from '../plan/types/index.js';
import { assertNever } from '../plan/types/index.js';
import { accessDrift } from './access-drift-items.js';
import { membershipDrift, teamDrift } from './team-drift-items.js';
import { isUserRename } from '../plan/rename-changes.js';
import type { DriftItem, UserDriftItem } from './types.js';

/**
 * One plan change, framed as drift: what the manifest wants, what the server
 * has, the drift kind (its code) and the facts a sentence needs. Read off the
 * change and the desired state only; nothing here looks at the server again.
 */
export function driftItemOf(change: Change, desired: DesiredState): DriftItem {
  return (DRIFT_OF[change.kind] as (change: Change, desired: DesiredState) => DriftItem)(change, desired);
}

/** How each kind of change is framed as drift, one entry per kind. */
const DRIFT_OF: { [Kind in ChangeKind]: (change: KindChange<Kind>, desired: DesiredState) => DriftItem } = {
  'admin-init': (change) => ({
    address: change.address,
    kind: 'admin-missing',
    username: change.after.username,
    expected: { username: change.after.username, role: 'admin' },
    actual: null,
    remedy: 'create',
  }),
  user: userDrift,
  'user-password': (change) => ({
    address: change.address,
    kind: 'password-differs',
    username: change.username,
    expected: { password: 'manifest' },
    actual: { password: 'refused' },
    remedy: 'update',
  }),
  'api-key': keyDrift,
  team: teamDrift,
  'team-membership': membershipDrift,
  'environment-access': accessDrift,
  'group-access': accessDrift,
};

function userDrift(change: Extract<Change, { kind: 'user' }>): UserDriftItem {
  const base = { address: change.address, remedy: change.action };
  switch (change.action) {
    case 'create':
      return {
        ...base,
        kind: 'user-missing',
        username: change.after.username,
        expected: { username: change.after.username, role: change.after.role },
        actual: null,
      };
    case 'update':
      if (isUserRename(change)) {
        return { ...base, kind: 'user-renamed', username: change.username, expected: { username: change.after.username }, actual: { username: change.before.username } };
      }
      return {
        ...base,
        kind: 'role-changed',
        username: change.username,
        expected: { role: change.after.role },
        actual: { role: change.before.role },
      };
    case 'delete':
      return {
        ...base,
        kind: 'user-unexpected',
        username: change.before.username,
        expected: null,
        actual: { username: change.before.username, role: change.before.role },
      };
    default:
      return assertNever(change);
  }
}

function keyDrift(change: Extract<Change, { kind: 'api-key' }>, desired: DesiredState): UserDriftItem {
  const owner = desiredUserNamed(desired, change.username);
  const wanted = owner?.apiKeys?.find((key) => key.description === (change.after ?? change.before).description);
  switch (change.action) {
    case 'create':
      // A successor of a rotation with an overlap: the key it succeeds is past rotateAfter.
      if (change.succeeds) {
        return {
          address: change.address,
          kind: 'api-key-expired',
          username: change.username,
          expected: { description: change.after.description, rotateAfter: wanted?.rotateAfter?.text ?? '' },
          actual: { description: change.after.description, dateCreated: change.succeeds.dateCreated },
          remedy: 'create',
          reason: change.succeeds.reason,
        };
      }
      return {
        address: change.address,
        kind: 'api-key-missing',
        username: change.username,
        expected: { description: change.after.description },
        actual: null,
        remedy: 'create',
      };
    case 'replace': {
      const rotateAfter = wanted?.rotateAfter?.text;
      return {
        address: change.address,
        kind: 'api-key-expired',
        username: change.username,
        expected: { description: change.after.description, ...(rotateAfter ? { rotateAfter } : {}) },
        actual: { description: change.before.description, dateCreated: change.before.dateCreated },
        remedy: 'replace',
        reason: change.reason,
      };
    }
    case 'delete':
      return {
        address: change.address,
        kind: 'api-key-extra',
        username: change.username,
        expected: null,
        actual: { description: change.before.description, dateCreated: change.before.dateCreated },
        remedy: 'delete',
        keyId: change.keyId,
        copyOfListed: wanted !== undefined,
      };
    default:
      return assertNever(change);
  }
}

function desiredUserNamed(desired: DesiredState, username: string): DesiredUser | undefined {
  const folded = foldUsername(username);
  return desired.users.find((user) => foldUsername(user.username) === folded);
}
