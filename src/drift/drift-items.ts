import { foldUsername } from '../plan/match.js';
import type { Change, DesiredState, DesiredUser } from '../plan/types/index.js';
import { assertNever } from '../plan/types/index.js';
import { accessDrift } from './access-drift-items.js';
import { membershipDrift, teamDrift } from './team-drift-items.js';
import type { DriftItem, UserDriftItem } from './types.js';

/**
 * One plan change, framed as drift: what the manifest wants, what the server
 * has, and a sentence saying how they differ. Read off the change and the
 * desired state only; nothing here looks at the server again.
 */
export function driftItemOf(change: Change, desired: DesiredState): DriftItem {
  switch (change.kind) {
    case 'admin-init':
      return {
        address: change.address,
        kind: 'admin-missing',
        username: change.after.username,
        expected: { username: change.after.username, role: 'admin' },
        actual: null,
        remedy: 'create',
        message: `the server has no administrator; apply would initialise ${change.after.username}`,
      };
    case 'user':
      return userDrift(change);
    case 'api-key':
      return keyDrift(change, desired);
    case 'team':
      return teamDrift(change);
    case 'team-membership':
      return membershipDrift(change);
    case 'user-password':
      return {
        address: change.address,
        kind: 'password-differs',
        username: change.username,
        expected: { password: 'manifest' },
        actual: { password: 'refused' },
        remedy: 'update',
        message: `Portainer refused ${change.username}'s password from the manifest at a login: it was changed on the server`,
      };
    case 'environment-access':
    case 'group-access':
      return accessDrift(change);
    default:
      return assertNever(change);
  }
}

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
        message: `user ${change.after.username} is in the manifest but not on the server`,
      };
    case 'update':
      return {
        ...base,
        kind: 'role-changed',
        username: change.username,
        expected: { role: change.after.role },
        actual: { role: change.before.role },
        message: `${change.username} has the role ${change.before.role} on the server, ${change.after.role} in the manifest`,
      };
    case 'delete':
      return {
        ...base,
        kind: 'user-unexpected',
        username: change.before.username,
        expected: null,
        actual: { username: change.before.username, role: change.before.role },
        message: `user ${change.before.username} is on the server but not in the manifest, and prune.users is on`,
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
      return {
        address: change.address,
        kind: 'api-key-missing',
        username: change.username,
        expected: { description: change.after.description },
        actual: null,
        remedy: 'create',
        message: `${change.username} has no API key "${change.after.description}" on the server`,
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
        message: `${change.username}'s API key "${change.before.description}" was created ${isoDate(change.before.dateCreated)}: ${change.reason}`,
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
        message: wanted
          ? `${change.username} has an older copy of the API key "${change.before.description}" (Id ${change.keyId}); the manifest lists one`
          : `${change.username} has an API key "${change.before.description}" on the server that the manifest does not list`,
      };
    default:
      return assertNever(change);
  }
}

function desiredUserNamed(desired: DesiredState, username: string): DesiredUser | undefined {
  const folded = foldUsername(username);
  return desired.users.find((user) => foldUsername(user.username) === folded);
}

/** UTC, to the second, as the plan shows key dates. */
export function isoDate(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString().replace('.000Z', 'Z');
}
