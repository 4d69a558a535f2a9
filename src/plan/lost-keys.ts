import { sameUsername } from './match.js';
import type { ObservedState } from './types/index.js';

/** A key creation recorded as sent and never answered (the secrets file's `pending`), as the planner needs it. */
export interface PendingKey {
  username: string;
  description: string;
  /** Ids of the owner's keys with this description before the call. */
  keysBefore: number[];
}

/**
 * The server keys whose raw value is lost for good: a creation was sent (the
 * secrets file says so), and a key with that description now exists that was
 * not there before the call, yet the file never got its value. The planner
 * replaces them. Users whose keys were not read cannot be judged here, and
 * are left to a run that reads them.
 */
export function lostKeyIds(pending: readonly PendingKey[], observed: ObservedState): number[] {
  const lost: number[] = [];
  for (const intent of pending) {
    const owner = observed.users.find((user) => sameUsername(user.username, intent.username));
    for (const key of owner?.apiKeys ?? []) {
      if (key.description === intent.description && !intent.keysBefore.includes(key.id)) lost.push(key.id);
    }
  }
  return lost;
}
