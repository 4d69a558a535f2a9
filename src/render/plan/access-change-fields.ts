import type { AccessChange } from '../../plan/types/index.js';
import { assertNever } from '../../plan/types/index.js';
import { roleUpdatedInPlace, type ChangeDescription, type ChangeField } from './describe-change.js';

/**
 * A grant on an environment or a group, shown like a membership: where, who,
 * and the role (`access` on Community Edition, which has no roles).
 */
export function describeAccessChange(change: AccessChange): ChangeDescription {
  const where: ChangeField = { name: change.kind === 'environment-access' ? 'environment' : 'group', value: change.resource };
  switch (change.action) {
    case 'create':
      return { symbol: '+', headline: 'will be granted', fields: [where, who(change), { name: 'role', value: change.after.role }] };
    case 'update':
      return roleUpdatedInPlace(change);
    case 'delete':
      return {
        symbol: '-',
        headline: 'will be revoked',
        fields: [
          where,
          change.orphan ? { name: change.principal, note: `Id ${change.principalId}, which is no ${change.principal} any more (a grant left behind)` } : who(change),
          { name: 'role', value: change.before.role },
        ],
      };
    default:
      return assertNever(change);
  }
}

function who(change: AccessChange): ChangeField {
  return { name: change.principal === 'user' ? 'username' : 'team', value: change.name };
}
