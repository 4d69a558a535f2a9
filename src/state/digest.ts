import { createHash } from 'node:crypto';
import type { ObservedState } from '../plan/types.js';

/**
 * A hash of the observed state in canonical form: users and keys sorted by id,
 * only the fields a plan depends on (a key's `lastUsed` moves whenever it is
 * used, so it is left out). `apply PLANFILE` compares it to refuse stale plans.
 */
export function digestObservedState(state: ObservedState): string {
  const users = [...state.users]
    .sort((a, b) => a.id - b.id)
    .map((user) => ({
      id: user.id,
      username: user.username,
      role: user.role,
      apiKeys: user.apiKeys
        ? [...user.apiKeys]
            .sort((a, b) => a.id - b.id)
            .map((key) => ({ id: key.id, description: key.description, dateCreated: key.dateCreated }))
        : null,
      apiKeysUnreadable: user.apiKeysUnreadable ?? null,
    }));
  const canonical = JSON.stringify({ adminExists: state.adminExists, users });
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}
