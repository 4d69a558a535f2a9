import { ADMIN_ADDRESS } from './address.js';
import type { Change, DesiredState, ObservedState, PlanContext, PlanError } from './types.js';

/**
 * A fresh Portainer (no admin yet) can only be initialised from the
 * manifest's `admin` block, and newer servers also want the setup token
 * printed in their log. Both are known at plan time.
 */
export function checkAdminInit(desired: DesiredState, observed: ObservedState, changes: readonly Change[], context: PlanContext): PlanError[] {
  if (observed.adminExists) return [];
  if (!desired.users.some((user) => user.bootstrapAdmin)) {
    return [{ address: ADMIN_ADDRESS, message: 'the server has no administrator and the manifest has no admin block; add one so the tool can initialise it' }];
  }
  const initialises = changes.some((change) => change.kind === 'admin-init');
  if (initialises && context.setupToken.required && !context.setupToken.given) {
    return [
      {
        address: ADMIN_ADDRESS,
        message: 'the server requires a setup token to initialise its administrator; give --setup-token or PORTAINER_SETUP_TOKEN (Portainer prints the token in its log at startup)',
      },
    ];
  }
  return [];
}
