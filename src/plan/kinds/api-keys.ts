import { apiKeyAddress, apiKeysAddress } from '../address.js';
import type { UserMatch } from './users.js';
import { problemAt, type Problem } from '../types/problems.js';
import type { ApiKeyCreateChange, ApiKeyDeleteChange, ApiKeyReplaceChange, Change, DesiredApiKey, DesiredUser, ObservedApiKey, ObservedUser, PlanContext } from '../types/index.js';

/** The `reason` of a key replaced because the answer to its creation never arrived. */
const LOST_RAW_VALUE = 'its raw value was lost in transit (the answer to its creation never arrived), so nobody holds it';
/** The `reason` of a key replaced because `--replace` names it (a leaked key, say). */
const REQUESTED = 'asked for with --replace';

export interface KeyDiff {
  changes: Change[];
  problems: Problem[];
}

/**
 * API key changes for the users whose keys the manifest manages (`apiKeys`
 * present). Keys match by exact description. A user the plan creates gets all
 * its keys; a user the plan deletes has none listed, and Portainer deletes its
 * keys with it, so no key deletes are planned for it. A user whose keys
 * could not be read (another administrator's, without its password) has its
 * key differences held with a warning: the rest of the plan goes ahead.
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
      diffKeysOfUser(desired, desired.apiKeys, observed, observed.apiKeys, context, result);
    }
  }
  return result;
}

function diffKeysOfUser(desired: DesiredUser, wanted: DesiredApiKey[], observed: ObservedUser, keys: ObservedApiKey[], context: PlanContext, result: KeyDiff): void {
  const held = groupByDescription(keys);
  for (const key of wanted) {
    const copies = held.get(key.description);
    held.delete(key.description);
    if (!copies) {
      result.changes.push(keyCreate(desired, key));
      continue;
    }
    // Several keys with one description: the newest is the current one; the others are leftovers, or predecessors in their overlap.
    const [newest, ...older] = copies as [ObservedApiKey, ...ObservedApiKey[]];
    const change = currentKeyChange(desired, key, observed, newest, context);
    if (change) result.changes.push(change);
    const overlap = key.overlap;
    const overlapRuns = overlap !== undefined && context.now - newest.dateCreated <= overlap.seconds;
    for (const copy of older) {
      if (overlapRuns) {
        const until = newest.dateCreated + overlap.seconds;
        result.problems.push(problemAt(apiKeyAddress(desired.username, copy.description, copy.id), { code: 'keys.overlapping', username: desired.username, description: copy.description, keyId: copy.id, until, overlap: overlap.text }));
        continue;
      }
      const ended = overlap === undefined ? {} : { overlapEnded: { successorCreated: newest.dateCreated, overlap: overlap.text } };
      result.changes.push(keyDelete(desired.username, observed, copy, true, ended));
    }
  }
  for (const copies of held.values()) {
    result.changes.push(...copies.map((copy) => keyDelete(desired.username, observed, copy, copies.length > 1)));
  }
}

/**
 * What happens to the current key of a description: replaced when its raw
 * value is lost or `--replace` names it; when its rotation is due, replaced
 * (create, then delete, in one apply) or, with `overlap`, given a successor
 * while it keeps working.
 */
function currentKeyChange(desired: DesiredUser, key: DesiredApiKey, observed: ObservedUser, current: ObservedApiKey, context: PlanContext): Change | undefined {
  if (context.keysWithLostRawValue?.includes(current.id)) return keyReplace(desired, observed, current, { reason: LOST_RAW_VALUE, reasonCode: 'raw-value-lost' });
  if (context.replace?.includes(apiKeyAddress(desired.username, key.description))) {
    return keyReplace(desired, observed, current, { reason: REQUESTED, reasonCode: 'requested' });
  }
  const rotation = key.rotateAfter;
  if (!rotation || context.now - current.dateCreated <= rotation.seconds) return undefined;
  const reason = `older than ${rotation.text}`;
  if (!key.overlap) return keyReplace(desired, observed, current, { reason, reasonCode: 'rotation-due' });
  return { ...keyCreate(desired, key), succeeds: { keyId: current.id, dateCreated: current.dateCreated, reason, overlap: key.overlap.text, overlapSeconds: key.overlap.seconds } };
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

function keyCreate(owner: DesiredUser, key: DesiredApiKey): ApiKeyCreateChange {
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

function keyDelete(username: string, observed: ObservedUser, held: ObservedApiKey, duplicate: boolean, ended: Pick<ApiKeyDeleteChange, 'overlapEnded'> = {}): ApiKeyDeleteChange {
  return {
    address: apiKeyAddress(username, held.description, duplicate ? held.id : undefined),
    kind: 'api-key',
    action: 'delete',
    username,
    userId: observed.id,
    keyId: held.id,
    before: { description: held.description, dateCreated: held.dateCreated },
    after: null,
    ...ended,
  };
}
