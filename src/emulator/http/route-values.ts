import type { Call, Identity } from '../stores/state.js';
import { ADMIN_ROLE } from '../stores/store.js';

/** Go's strconv.Atoi on a route variable: an optional sign and digits, else undefined. */
export function numericParam(call: Call, name: string): number | undefined {
  const raw = call.params[name] ?? '';
  return /^[+-]?\d+$/.test(raw) ? Number(raw) : undefined;
}

/** The authenticated caller; the router guarantees one on every non-public route. */
export function callerOf(call: Call): Identity {
  if (call.identity === undefined) throw new Error('route reached without an identity');
  return call.identity;
}

export function isAdmin(identity: Identity): boolean {
  return identity.role === ADMIN_ROLE;
}

/** libhttp RetrieveNumericQueryParameter: a missing or unparsable value counts as 0. */
export function numericQuery(call: Call, name: string): number {
  const raw = call.query.get(name) ?? '';
  return /^[+-]?\d+$/.test(raw) ? Number(raw) : 0;
}
