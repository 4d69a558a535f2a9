import type { Change } from '../../plan/types/index.js';
import { assertNever } from '../../plan/types/index.js';
import type { EditContext } from './edit-context.js';
import { edited, notPatched, type EditOutcome } from './outcome.js';
import { foldUsername } from '../../plan/match.js';
import { isUserRename } from '../../plan/rename-changes.js';

/**
 * A user change, accepted: a user the server lacks leaves the manifest, a
 * role changed on the server is written down, and a server user that prune
 * would delete joins the manifest with a password reference named as
 * `export` names them. The admin block and protected users stay as they are.
 */
export function userEdits(change: Extract<Change, { kind: 'user' }>, context: EditContext): EditOutcome {
  switch (change.action) {
    case 'create': {
      const kept = context.keptMissing.get(foldUsername(change.after.username));
      if (kept) return notPatched(change.address, kept);
      return edited({ kind: 'remove-user', address: change.address, username: change.after.username });
    }
    case 'update':
      // The rename is what the manifest asks for, not a difference the server made.
      if (isUserRename(change)) return notPatched(change.address, 'rename');
      if (context.desiredUser(change.username)?.bootstrapAdmin) return notPatched(change.address, 'admin-block');
      return edited({ kind: 'set-role', address: change.address, username: change.username, role: change.before.role });
    case 'delete': {
      const passwordEnv = context.addedUsers.get(foldUsername(change.before.username));
      if (passwordEnv === undefined) return notPatched(change.address, 'unrepresentable');
      return edited({ kind: 'add-user', address: change.address, username: change.before.username, role: change.before.role, passwordEnv });
    }
    default:
      return assertNever(change);
  }
}
