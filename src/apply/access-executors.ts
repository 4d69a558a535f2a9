import { outcomeUnknown, type AccessPolicy, type AccessUpdate, type Environment, type EnvironmentGroup, type PortainerError } from '../portainer/index.js';
import { COMMUNITY_ROLE } from '../plan/access-roles.js';
import { foldUsername } from '../plan/match.js';
import type { AccessChange } from '../plan/types.js';
import type { ApplyContext } from './executors.js';
import { ApplyError, callOf } from './recover.js';
import type { UndoneAccess } from './result.js';
import { userMessageOf } from '../user-message.js';

/**
 * The planned grants of one environment or group, in one `PUT`. Portainer
 * has no version to check and replaces each map it is sent whole, so the
 * environment is read again just before and only the planned grants change:
 * a grant someone added in the UI a moment ago survives. A map no change
 * touches is not sent at all (Portainer keeps it).
 *
 * Another writer's `PUT` may still land between that read and ours, or just
 * after ours, and undo a planned grant. So every `PUT` is read back: a
 * planned grant that is missing (or has another role) is written again from
 * that read, at most `MAX_WRITES` PUTs in all, or the apply fails naming it.
 * An apply never reports success while a grant it planned is missing.
 */
export const MAX_WRITES = 3;

export async function applyAccessChanges(changes: readonly AccessChange[], context: ApplyContext): Promise<void> {
  const [first] = changes;
  if (!first) return;
  const resource = resourceOf(first, context);
  const planned = changes.map((change) => ({ change, id: principalIdOf(change, context) }));
  const undone = new Set<string>();
  let current = await resource.read();
  for (let writes = 1; ; writes += 1) {
    if (!current) throw gone(resource);
    const lost = await write(resource, updateFor(current, planned));
    const after = await readBack(resource, lost);
    if (!after) throw gone(resource);
    const missing = planned.filter((grant) => !holds(after, grant));
    if (missing.length === 0) {
      if (lost) context.notes.push(`${first.address}: ${callOf(lost)} got no clear answer, but re-reading the server shows it took effect`);
      if (undone.size > 0) recordUndone(context, first, [...undone], writes, true);
      return;
    }
    // A PUT that was answered and still does not read back: another writer undid it.
    if (!lost) for (const { change } of missing) undone.add(change.address);
    if (writes >= MAX_WRITES) throw givenUp(resource, first, missing.map(({ change }) => change.address), writes, lost, context, undone);
    current = after;
  }
}

interface PlannedGrant {
  change: AccessChange;
  /** The user's or team's id: from the plan, or of the one this apply created. */
  id: number;
}

/** The maps as they are now, with only the planned grants changed; a map no grant touches is left out (kept). */
function updateFor(current: Environment | EnvironmentGroup, planned: readonly PlannedGrant[]): AccessUpdate {
  const maps = { user: toMap(current.userAccess), team: toMap(current.teamAccess) };
  const touched = new Set<'user' | 'team'>();
  for (const { change, id } of planned) {
    touched.add(change.principal);
    if (change.action === 'delete') maps[change.principal].delete(id);
    else maps[change.principal].set(id, change.after.roleId);
  }
  return {
    ...(touched.has('user') ? { userAccess: toList(maps.user) } : {}),
    ...(touched.has('team') ? { teamAccess: toList(maps.team) } : {}),
  };
}

/** Sends the PUT; a write whose outcome is unknown (a lost answer, a 5xx) is returned, to be settled by the read-back. */
async function write(resource: Resource, update: AccessUpdate): Promise<PortainerError | undefined> {
  try {
    if ((await resource.write(update)) === 'not-found') throw gone(resource);
    return undefined;
  } catch (error) {
    if (outcomeUnknown(error)) return error;
    throw error;
  }
}

async function readBack(resource: Resource, lost: PortainerError | undefined): Promise<Environment | EnvironmentGroup | undefined> {
  if (!lost) return resource.read();
  try {
    return await resource.read();
  } catch (reread) {
    throw new ApplyError(`${lost.userMessage}; whether it took effect is unknown, because re-reading the server failed too (${userMessageOf(reread)}); run apply again`);
  }
}

function recordUndone(context: ApplyContext, first: AccessChange, grants: string[], writes: number, repaired: boolean): UndoneAccess {
  const undone: UndoneAccess = { kind: first.kind, resourceId: first.resourceId, resource: first.resource, grants: grants.sort(), writes, repaired };
  context.undoneAccess?.push(undone);
  return undone;
}

function givenUp(resource: Resource, first: AccessChange, missing: string[], writes: number, lost: PortainerError | undefined, context: ApplyContext, undone: Set<string>): ApplyError {
  if (lost && undone.size === 0) return new ApplyError(`${lost.userMessage}; re-reading the server shows it did not take effect after ${writes} tries; run apply again`);
  const facts = recordUndone(context, first, missing, writes, false);
  const grants = missing.length === 1 ? `the planned grant ${missing[0]}` : `the planned grants ${missing.join(', ')}`;
  return new AccessUndoneError(
    `another writer undid ${grants} after each of ${writes} PUTs of ${resource.label}, so apply stops rather than report it done; ` +
      'run apply again when nobody else is changing its access',
    facts,
  );
}

/** Planned grants another writer kept undoing: the facts go into the apply result beside the sentence. */
export class AccessUndoneError extends ApplyError {
  constructor(
    message: string,
    readonly undoneAccess: UndoneAccess,
  ) {
    super(message);
  }
}

function gone(resource: Resource): ApplyError {
  return new ApplyError(`${resource.label} is no longer on the server (it was deleted since the plan); run plan again`);
}

interface Resource {
  label: string;
  read(): Promise<Environment | EnvironmentGroup | undefined>;
  write(update: AccessUpdate): Promise<'updated' | 'not-found'>;
}

function resourceOf(change: AccessChange, context: ApplyContext): Resource {
  const id = change.resourceId;
  if (change.kind === 'environment-access') {
    return {
      label: `environment ${change.resource} (Id ${id})`,
      read: () => context.client.inspectEnvironment(id),
      write: (update) => context.client.updateEnvironmentAccess(id, update),
    };
  }
  return {
    label: `environment group ${change.resource} (Id ${id})`,
    read: () => context.client.inspectEnvironmentGroup(id),
    write: (update) => context.client.updateEnvironmentGroupAccess(id, update),
  };
}

/** A grant for a user or team this apply created has no id in the plan: it is the one just made. */
function principalIdOf(change: AccessChange, context: ApplyContext): number {
  if (change.principalId !== undefined) return change.principalId;
  const id = (change.principal === 'user' ? context.userIds : context.teamIds).get(foldUsername(change.name));
  if (id === undefined) throw new ApplyError(`${change.principal} ${change.name} is not on the server, so it cannot be granted access to ${change.resource}; run plan again`);
  return id;
}

/** The planned grant is on the server as planned: present with its role (any role on Community Edition, which has none), or absent when deleted. */
function holds(now: Environment | EnvironmentGroup, { change, id }: PlannedGrant): boolean {
  const grant = (change.principal === 'user' ? now.userAccess : now.teamAccess).find((policy) => policy.id === id);
  if (change.action === 'delete') return grant === undefined;
  return grant !== undefined && (change.after.role === COMMUNITY_ROLE || grant.roleId === change.after.roleId);
}

function toMap(policies: readonly AccessPolicy[]): Map<number, number> {
  return new Map(policies.map((policy) => [policy.id, policy.roleId]));
}

function toList(map: Map<number, number>): AccessPolicy[] {
  return [...map].map(([id, roleId]) => ({ id, roleId })).sort((a, b) => a.id - b.id);
}
