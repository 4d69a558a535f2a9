import { apiKeyAddress, apiKeysAddress } from './address.js';
import type { UserMatch } from './diff-users.js';
import type { Change, DesiredApiKey, DesiredUser, ObservedApiKey, ObservedUser, PlanContext, PlanError } from './types.js';

function notReadMessage(username: string): string {
  return `the API keys of ${username} were not read from the server, so the plan cannot tell which to create or delete`;
}

/** Why a key is replaced when the answer to its creation never arrived. */
export const LOST_RAW_VALUE = 'its raw value was lost in transit (the answer to its creation never arrived), so nobody holds it';

export interface KeyDiff {
  changes: Change[];
  errors: PlanError[];
}

/**
 * API key changes for the users whose keys the manifest manages (`apiKeys`
 * present). Keys match by exact description. A user the plan creates gets all
 * its keys; a user the plan deletes has none listed, and Portainer deletes its
 * keys with it, so no key deletes are planned for it.
 */
export function diffKeys(matches: readonly UserMatch[], context: PlanContext): KeyDiff {
  const result: KeyDiff = { changes: [], errors: [] };
  for (const { desired, observed } of matches) {
    if (desired.apiKeys === undefined) continue;
    if (!observed) {
      result.changes.push(...desired.apiKeys.map((key) => keyCreate(desired, key)));
    } else if (observed.apiKeysUnreadable !== undefined) {
      result.errors.push({ address: apiKeysAddress(desired.username), message: observed.apiKeysUnreadable });
    } else if (observed.apiKeys === undefined) {
      // Assuming "no keys" here would plan duplicates of keys that exist.
      result.errors.push({ address: apiKeysAddress(desired.username), message: notReadMessage(observed.username) });
    } else {
      result.changes.push(...diffKeysOfUser(desired, desired.apiKeys, observed, observed.apiKeys, context));
    }
  }
  return result;
}

function diffKeysOfUser(desired: DesiredUser, wanted: DesiredApiKey[], observed: ObservedUser, keys: ObservedApiKey[], context: PlanContext): Change[] {
  const changes: Change[] = [];
  const held = groupByDescription(keys);
  for (const key of wanted) {
    const copies = held.get(key.description);
    held.delete(key.description);
    if (!copies) {
      changes.push(keyCreate(desired, key));
      continue;
    }
    // Several keys with one description: keep the newest, the others are leftovers.
    const [newest, ...older] = copies;
    const rotation = key.rotateAfter;
    if (newest && context.keysWithLostRawValue?.includes(newest.id)) {
      changes.push(keyReplace(desired, observed, newest, LOST_RAW_VALUE));
    } else if (newest && rotation && context.now - newest.dateCreated > rotation.seconds) {
      changes.push(keyReplace(desired, observed, newest, `older than ${rotation.text}`));
    }
    changes.push(...older.map((copy) => keyDelete(desired.username, observed, copy, true)));
  }
  for (const copies of held.values()) {
    changes.push(...copies.map((copy) => keyDelete(desired.username, observed, copy, copies.length > 1)));
  }
  return changes;
}

/** Keys by description, newest first (latest `dateCreated`, then highest id, so the order never depends on the server's). */
function groupByDescription(keys: readonly ObservedApiKey[]): Map<string, ObservedApiKey[]> {
  const sorted = [...keys].sort((a, b) => b.dateCreated - a.dateCreated || b.id - a.id);
  const groups = new Map<string, ObservedApiKey[]>();
  for (const key of sorted) {
    const group = groups.get(key.description);
    if (group) group.push(key);
    else groups.set(key.description, [key]);
  }
  return groups;
}

function keyCreate(owner: DesiredUser, key: DesiredApiKey): Change {
  return {
    address: apiKeyAddress(owner.username, key.description),
    kind: 'api-key',
    action: 'create',
    username: owner.username,
    before: null,
    after: { description: key.description },
  };
}

/** Replacing creates the new key first, then deletes the old one (apply's job); the plan names the old key. */
function keyReplace(owner: DesiredUser, observed: ObservedUser, held: ObservedApiKey, reason: string): Change {
  return {
    address: apiKeyAddress(owner.username, held.description),
    kind: 'api-key',
    action: 'replace',
    username: owner.username,
    userId: observed.id,
    keyId: held.id,
    before: { description: held.description, dateCreated: held.dateCreated },
    after: { description: held.description },
    reason,
  };
}

function keyDelete(username: string, observed: ObservedUser, held: ObservedApiKey, duplicate: boolean): Change {
  return {
    address: apiKeyAddress(username, held.description, duplicate ? held.id : undefined),
    kind: 'api-key',
    action: 'delete',
    username,
    userId: observed.id,
    keyId: held.id,
    before: { description: held.description, dateCreated: held.dateCreated },
    after: null,
  };
}
