import { apiKeyAddress, apiKeysAddress } from '../address.js';
import type { UserMatch } from './users.js';
import { problemAt, type Problem } from '../types/problems.js';
import type { ApiKeyReplaceChange, Change, DesiredApiKey, DesiredUser, ObservedApiKey, ObservedUser, PlanContext } from '../types/index.js';

/** The `reason` of a key replaced because the answer to its creation never arrived. */
const LOST_RAW_VALUE = 'its raw value was lost in transit (the answer to its creation never arrived), so nobody holds it';

export interface KeyDiff {
  changes: Change[];
  problems: Problem[];
}

/**
 * API key changes for the users whose keys the manifest manages (`apiKeys`
 * present). Keys match by exact description. A user the plan creates gets all
 * its keys; a user the plan deletes has none listed, and Portainer deletes its
 * keys with it, so no key deletes are planned for it.
 */
export function diffKeys(matches: readonly UserMatch[], context: PlanContext): KeyDiff {
  const result: KeyDiff = { changes: [], problems: [] };
  for (const { desired, observed } of matches) {
    if (desired.apiKeys === undefined) continue;
    if (!observed) {
      result.changes.push(...desired.apiKeys.map((key) => keyCreate(desired, key)));
    } else if (observed.apiKeysUnreadable !== undefined) {
      result.problems.push(problemAt(apiKeysAddress(desired.username), { code: 'keys.unreadable', username: observed.username, why: observed.apiKeysUnreadable }));
    } else if (observed.apiKeys === undefined) {
      // Assuming "no keys" here would plan duplicates of keys that exist.
      result.problems.push(problemAt(apiKeysAddress(desired.username), { code: 'keys.not-read', username: observed.username }));
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
      changes.push(keyReplace(desired, observed, newest, { reason: LOST_RAW_VALUE, reasonCode: 'raw-value-lost' }));
    } else if (newest && rotation && context.now - newest.dateCreated > rotation.seconds) {
      changes.push(keyReplace(desired, observed, newest, { reason: `older than ${rotation.text}`, reasonCode: 'rotation-due' }));
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
function keyReplace(owner: DesiredUser, observed: ObservedUser, held: ObservedApiKey, why: Pick<ApiKeyReplaceChange, 'reason' | 'reasonCode'>): Change {
  return {
    address: apiKeyAddress(owner.username, held.description),
    kind: 'api-key',
    action: 'replace',
    username: owner.username,
    userId: observed.id,
    keyId: held.id,
    before: { description: held.description, dateCreated: held.dateCreated },
    after: { description: held.description },
    ...why,
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
