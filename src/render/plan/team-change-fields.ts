import type { Change } from '../../plan/types/index.js';
import { assertNever } from '../../plan/types/index.js';
import { roleUpdatedInPlace, type ChangeDescription } from './describe-change.js';

/**
 * Teams and memberships, shown the way users are: the same symbols and
 * headlines, a membership's team and user as values, a role change as
 * `role: "member" -> "leader"`.
 */
export function describeTeamChange(change: Extract<Change, { kind: 'team' }>): ChangeDescription {
  switch (change.action) {
    case 'create':
      return { symbol: '+', headline: 'will be created', fields: [{ name: 'name', value: change.after.name }] };
    case 'delete':
      return {
        symbol: '-',
        headline: 'will be destroyed',
        fields: [{ name: 'name', value: change.before.name }, { name: 'members', note: membershipsGoing(change.before.members) }],
      };
    default:
      return assertNever(change);
  }
}

// Portainer deletes a team's memberships with the team, so the plan lists none of them; say how many go.
function membershipsGoing(count: number): string {
  if (count === 0) return 'none (the team has no memberships)';
  return `${count} ${count === 1 ? 'membership goes' : 'memberships go'} with the team`;
}

export function describeMembershipChange(change: Extract<Change, { kind: 'team-membership' }>): ChangeDescription {
  switch (change.action) {
    case 'create':
      return {
        symbol: '+',
        headline: 'will be created',
        fields: [
          { name: 'team', value: change.team },
          { name: 'username', value: change.username },
          { name: 'role', value: change.after.role },
        ],
      };
    case 'update':
      return roleUpdatedInPlace(change);
    case 'delete':
      return {
        symbol: '-',
        headline: 'will be destroyed',
        fields: [
          { name: 'team', value: change.team },
          { name: 'username', value: change.username },
          { name: 'role', value: change.before.role },
        ],
      };
    default:
      return assertNever(change);
  }
}
