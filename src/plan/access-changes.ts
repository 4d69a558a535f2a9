import type { AccessChange } from './access-types.js';
import type { Change } from './changes.js';

export function isAccessChange(change: Change): change is AccessChange {
  return change.kind === 'environment-access' || change.kind === 'group-access';
}
