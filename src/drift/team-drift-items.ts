import type { Change } from '../plan/types/index.js';
import { assertNever } from '../plan/types/index.js';
import type { MembershipDriftItem, TeamDriftItem } from './types.js';

/**
 * Team and membership changes, framed as drift. A team item names the team
 * only; a membership item names the team and the member, so a reader can
 * group either by team or by user.
 */
export function teamDrift(change: Extract<Change, { kind: 'team' }>): TeamDriftItem {
  switch (change.action) {
    case 'create':
      return {
        address: change.address,
        kind: 'team-missing',
        team: change.after.name,
        expected: { name: change.after.name },
        actual: null,
        remedy: 'create',
      };
    case 'update':
      return {
        address: change.address,
        kind: 'team-renamed',
        team: change.after.name,
        expected: { name: change.after.name },
        actual: { name: change.before.name },
        remedy: 'update',
      };
    case 'delete':
      return {
        address: change.address,
        kind: 'team-unexpected',
        team: change.before.name,
        expected: null,
        actual: { name: change.before.name, members: change.before.members },
        remedy: 'delete',
      };
    default:
      return assertNever(change);
  }
}

export function membershipDrift(change: Extract<Change, { kind: 'team-membership' }>): MembershipDriftItem {
  const base = { address: change.address, team: change.team, username: change.username, remedy: change.action };
  switch (change.action) {
    case 'create':
      return {
        ...base,
        kind: 'member-missing',
        expected: { username: change.username, role: change.after.role },
        actual: null,
      };
    case 'update':
      return {
        ...base,
        kind: 'member-role-changed',
        expected: { role: change.after.role },
        actual: { role: change.before.role },
      };
    case 'delete':
      return {
        ...base,
        kind: 'member-unexpected',
        expected: null,
        actual: { username: change.username, role: change.before.role },
      };
    default:
      return assertNever(change);
  }
}
