import { MAX_KEY_DESCRIPTION } from '../../limits.js';
import { foldUsername } from '../../plan/match.js';
import type { Change } from '../../plan/types/index.js';
import { assertNever } from '../../plan/types/index.js';
import type { EditContext } from './edit-context.js';
import { ABSORBED, edited, notPatched, type EditOutcome } from './outcome.js';


/**
 * An API key change, accepted: a key the server lacks leaves the user's
 * `apiKeys`, a key only the server has joins them. A key due for rotation,
 * and copies of one description, are what the manifest cannot say.
 */
export function keyEdits(change: Extract<Change, { kind: 'api-key' }>, context: EditContext): EditOutcome {
  const owner = foldUsername(change.username);
  switch (change.action) {
    case 'create': {
      if (context.removedUsers.has(owner)) return ABSORBED;
      // A rotation with an overlap: the manifest asks for the successor.
      if (change.succeeds) return notPatched(change.address, 'key-rotation');
      const kept = context.keptMissing.get(owner);
      if (kept) return notPatched(change.address, kept);
      return edited({ kind: 'remove-key', address: change.address, username: change.username, description: change.after.description });
    }
    case 'replace':
      return notPatched(change.address, REPLACE_REASONS[change.reasonCode]);
    case 'delete': {
      const { description } = change.before;
      if (copiesOf(context, change.userId, description) > 1) return notPatched(change.address, 'duplicate-key');
      if (!isManifestDescription(description)) return notPatched(change.address, 'unrepresentable');
      return edited({ kind: 'add-key', address: change.address, username: change.username, description });
    }
    default:
      return assertNever(change);
  }
}

const REPLACE_REASONS = { 'rotation-due': 'key-rotation', 'raw-value-lost': 'key-raw-value', requested: 'key-replace' } as const;

/** Keys of one user with one description: the manifest matches keys by description, so it can list only one. */
function copiesOf(context: EditContext, userId: number, description: string): number {
  const user = context.observed.users.find((candidate) => candidate.id === userId);
  return (user?.apiKeys ?? []).filter((key) => key.description === description).length;
}

function isManifestDescription(description: string): boolean {
  return description.length <= MAX_KEY_DESCRIPTION && /\S/.test(description);
}
