import { grantPlaceOf } from '../../plan/access-changes.js';
import { COMMUNITY_ROLE, DEFAULT_ACCESS_ROLE, unlistedRoleText } from '../../plan/kinds/access-roles.js';
import { foldUsername } from '../../plan/match.js';
import type { AccessChange, GrantRole, ManifestRole } from '../../plan/types/index.js';
import { assertNever } from '../../plan/types/index.js';
import { canName, type EditContext } from './edit-context.js';
import { edited, notPatched, type EditOutcome } from './outcome.js';

/**
 * A grant change, accepted: a grant the server lacks leaves the manifest's
 * environment or group, one the server has (prune.access would remove it)
 * joins it with the server's role, and a role changed on the server is
 * written in (a RoleId the server lists as no role as `{ id }`, as export
 * writes it). An orphan's id, or a user or team the manifest could not name,
 * are listed, not guessed.
 */
export function accessEdits(change: AccessChange, context: EditContext): EditOutcome {
  const place = grantPlaceOf(change);
  switch (change.action) {
    case 'create':
      return edited({ kind: 'remove-grant', ...place });
    case 'update': {
      return edited({ kind: 'set-grant-role', ...place, ...manifestRole(change.before) });
    }
    case 'delete': {
      if (change.orphan || !canNamePrincipal(change, context)) return notPatched(change.address, 'grant-unnameable');
      return edited({ kind: 'add-grant', ...place, ...manifestRole(change.before) });
    }
    default:
      return assertNever(change);
  }
}

/** The role as the manifest writes it: nothing for the default (and on Community Edition), else the slug or the role's name, or `{ id }` for a RoleId that is no role. */
function manifestRole(grant: GrantRole): { role?: ManifestRole } {
  if (grant.role === COMMUNITY_ROLE || grant.role === DEFAULT_ACCESS_ROLE) return {};
  if (grant.role === unlistedRoleText(grant.roleId)) return { role: { id: grant.roleId } };
  return { role: grant.role };
}

/** A user the patched manifest can name; a team it lists, or one prune.teams leaves alone. */
function canNamePrincipal(change: AccessChange, context: EditContext): boolean {
  if (change.principal === 'user') return canName(context, change.name);
  const listed = (context.desired.teams ?? []).some((team) => foldUsername(team.name) === foldUsername(change.name));
  if (listed) return !context.removedTeams.has(foldUsername(change.name));
  return !(context.desired.teams !== undefined && context.desired.prune.teams === true);
}
