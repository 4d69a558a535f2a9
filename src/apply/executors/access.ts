import type { AccessPolicy, AccessUpdate, AccessUpdated, Environment, EnvironmentGroup } from '../../portainer/index.js';
import { foldUsername } from '../../plan/match.js';
import type { AccessChange, AccessScope } from '../../plan/types/index.js';
import type { ApplyContext } from '../context.js';
import { ApplyError, settleUnknownOutcome } from '../recover.js';

/**
 * The planned grants of one environment or group, in one `PUT`. Portainer
 * has no version to check and replaces each map it is sent whole, so the
 * environment is read again just before and only the planned grants change:
 * a grant someone added in the UI a moment ago survives. A map no change
 * touches is not sent at all (Portainer keeps it).
 */
export async function applyAccessChanges(changes: readonly AccessChange[], context: ApplyContext): Promise<void> {
  const [first] = changes;
  if (!first) return;
  const resource = resourceOf(first, context);
  const current = await resource.read();
  if (!current) throw gone(resource);
  const maps = { user: toMap(current.userAccess), team: toMap(current.teamAccess) };
  const touched = new Set<'user' | 'team'>();
  for (const change of changes) {
    const id = principalIdOf(change, context);
    touched.add(change.principal);
    if (change.action === 'delete') maps[change.principal].delete(id);
    else maps[change.principal].set(id, change.after.roleId);
  }
  const update: AccessUpdate = {
    ...(touched.has('user') ? { userAccess: toList(maps.user) } : {}),
    ...(touched.has('team') ? { teamAccess: toList(maps.team) } : {}),
  };
  let written: AccessUpdated;
  try {
    written = await resource.write(update);
  } catch (error) {
    // Repeating a whole-map PUT blindly could undo a change made since: read, and check each planned grant.
    await settleUnknownOutcome(error, first, context.notes, async () => {
      const now = await resource.read();
      return now !== undefined && changes.every((change) => holds(now, change, principalIdOf(change, context)));
    });
    return;
  }
  if (written === 'not-found') throw gone(resource);
}

function gone(resource: Resource): ApplyError {
  return new ApplyError({ code: 'access-holder-gone', ...resource.place });
}

interface Resource {
  place: { scope: AccessScope; resource: string; resourceId: number };
  read(): Promise<Environment | EnvironmentGroup | undefined>;
  write(update: AccessUpdate): Promise<AccessUpdated>;
}

function resourceOf(change: AccessChange, context: ApplyContext): Resource {
  const id = change.resourceId;
  if (change.kind === 'environment-access') {
    return {
      place: { scope: 'environment', resource: change.resource, resourceId: id },
      read: () => context.client.inspectEnvironment(id),
      write: (update) => context.client.updateEnvironmentAccess(id, update),
    };
  }
  return {
    place: { scope: 'group', resource: change.resource, resourceId: id },
    read: () => context.client.inspectEnvironmentGroup(id),
    write: (update) => context.client.updateEnvironmentGroupAccess(id, update),
  };
}

/** A grant for a user or team this apply created has no id in the plan: it is the one just made. */
function principalIdOf(change: AccessChange, context: ApplyContext): number {
  if (change.principalId !== undefined) return change.principalId;
  const id = (change.principal === 'user' ? context.userIds : context.teamIds).get(foldUsername(change.name));
  if (id === undefined) throw new ApplyError({ code: 'grantee-missing', principal: change.principal, name: change.name, resource: change.resource });
  return id;
}

function holds(now: Environment | EnvironmentGroup, change: AccessChange, id: number): boolean {
  const grant = (change.principal === 'user' ? now.userAccess : now.teamAccess).find((policy) => policy.id === id);
  return change.action === 'delete' ? grant === undefined : grant?.roleId === change.after.roleId;
}

function toMap(policies: readonly AccessPolicy[]): Map<number, number> {
  return new Map(policies.map((policy) => [policy.id, policy.roleId]));
}

function toList(map: Map<number, number>): AccessPolicy[] {
  return [...map].map(([id, roleId]) => ({ id, roleId })).sort((a, b) => a.id - b.id);
}
