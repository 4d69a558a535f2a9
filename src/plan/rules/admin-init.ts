import { ADMIN_ADDRESS } from '../address.js';
import { problemAt, type Problem } from '../types/problems.js';
import type { Change, DesiredState, ObservedState, PlanContext } from '../types/index.js';

/**
 * A fresh Portainer (no admin yet) can only be initialised from the
 * manifest's `admin` block, and newer servers also want the setup token
 * printed in their log. Both are known at plan time.
 */
export function checkAdminInit(desired: DesiredState, observed: ObservedState, changes: readonly Change[], context: PlanContext): Problem[] {
  if (observed.adminExists) return [];
  if (!desired.users.some((user) => user.bootstrapAdmin)) return [problemAt(ADMIN_ADDRESS, { code: 'admin.no-admin-block' })];
  const initialises = changes.some((change) => change.kind === 'admin-init');
  if (initialises && context.setupToken.required && !context.setupToken.given) {
    return [problemAt(ADMIN_ADDRESS, { code: 'admin.setup-token-required' })];
  }
  return [];
}
