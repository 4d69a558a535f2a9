import type { AccessChange, AccessScope, Principal } from './types/index.js';
import type { Change } from './types/changes.js';

export function isAccessChange(change: Change): change is AccessChange {
  return change.kind === 'environment-access' || change.kind === 'group-access';
}

/** Where a grant change is and whom it is for: what drift items and manifest edits name it by. */
export function grantPlaceOf(change: AccessChange): { address: string; scope: AccessScope; resource: string; principal: Principal; name: string } {
  return {
    address: change.address,
    scope: change.kind === 'environment-access' ? 'environment' : 'group',
    resource: change.resource,
    principal: change.principal,
    name: change.name,
  };
}
