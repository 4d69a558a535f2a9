import type { ActionOf, ChangeKind, KindChange } from '../../plan/types/index.js';
import { isoDate } from '../common/dates.js';

/**
 * One line of a change's details. Values are shown JSON-quoted, notes as
 * plain words. Everything here is read off the change; nothing is computed
 * that the plan does not hold.
 */
export type ChangeField =
  | { name: string; value: string } // a value being created or destroyed
  | { name: string; before: string; after: string } // a value that changes
  | { name: string; note: string }; // plain words, e.g. the reason of a replace

/** A name read off the change, or a field made from it (none where the change has nothing to say of it). */
export type Attribute<C> = string | ((change: C) => ChangeField | undefined);

interface KindAttributes<Kind extends ChangeKind> {
  headlines?: { [A in ActionOf<Kind>]?: string };
  attributes: { [A in ActionOf<Kind>]?: Attribute<Extract<KindChange<Kind>, { action: A }>>[] };
}

const WRITE_ONLY_PASSWORD = 'set from the manifest (write-only: never shown, never compared)';
const password = (): ChangeField => ({ name: 'password', note: WRITE_ONLY_PASSWORD });

/** What a user create sends: the manifest's password, or none on a directory's Portainer. */
function userPassword(change: { after: { password?: 'none' } }): ChangeField {
  if (change.after.password === 'none') return { name: 'password', note: 'none (an LDAP or OAuth Portainer refuses one: the user signs in through the directory)' };
  return password();
}

const created = (change: { before: { dateCreated: number } }): ChangeField => ({ name: 'created', note: isoDate(change.before.dateCreated) });

// Portainer deletes a team's memberships with the team, so the plan lists none of them; say how many go.
function membershipsGoing(change: { before: { members: number } }): ChangeField {
  const count = change.before.members;
  if (count === 0) return { name: 'members', note: 'none (the team has no memberships)' };
  return { name: 'members', note: `${count} ${count === 1 ? 'membership goes' : 'memberships go'} with the team` };
}

type KeyCreate = Extract<KindChange<'api-key'>, { action: 'create' }>;
type KeyDelete = Extract<KindChange<'api-key'>, { action: 'delete' }>;

/** A rotation with an overlap: the key this one succeeds, and how long it keeps working. */
function succeeds(change: KeyCreate): ChangeField | undefined {
  if (!change.succeeds) return undefined;
  const { keyId, dateCreated, reason } = change.succeeds;
  return { name: 'succeeds', note: `key Id ${keyId}, created ${isoDate(dateCreated)} (${reason})` };
}

function oldKeyLives(change: KeyCreate): ChangeField | undefined {
  if (!change.succeeds) return undefined;
  return { name: 'old key', note: `keeps working until ${change.succeeds.overlap} (overlap) after this key is created; the first plan after that deletes it` };
}

function overlapEnded(change: KeyDelete): ChangeField | undefined {
  if (!change.overlapEnded) return undefined;
  const { successorCreated, overlap } = change.overlapEnded;
  return { name: 'reason', note: `its successor was created ${isoDate(successorCreated)}, more than ${overlap} (overlap) ago` };
}

const team = (change: { team: string }): ChangeField => ({ name: 'team', value: change.team });
const member = (change: { username: string }): ChangeField => ({ name: 'username', value: change.username });

type AccessChange = KindChange<'environment-access' | 'group-access'>;
const where = (change: AccessChange): ChangeField => ({ name: change.kind === 'environment-access' ? 'environment' : 'group', value: change.resource });
const who = (change: AccessChange): ChangeField => ({ name: change.principal === 'user' ? 'username' : 'team', value: change.name });
function whoOrOrphan(change: Extract<AccessChange, { action: 'delete' }>): ChangeField {
  if (!change.orphan) return who(change);
  return { name: change.principal, note: `Id ${change.principalId}, which is no ${change.principal} any more (a grant left behind)` };
}

/** A grant on an environment or a group, shown like a membership: where, who, and the role (`access` on Community Edition, which has no roles). */
function accessAttributes<Kind extends 'environment-access' | 'group-access'>(): KindAttributes<Kind> {
  return {
    headlines: { create: 'will be granted', delete: 'will be revoked' } as KindAttributes<Kind>['headlines'],
    attributes: { create: [where, who, 'role'], delete: [where, whoOrOrphan, 'role'] } as KindAttributes<Kind>['attributes'],
  };
}

/**
 * What the plan shows of each kind of change, one entry per kind: the
 * attributes listed for an action (a name read off the change's `after`, or
 * `before` for a delete; or a field made from the whole change) and, where
 * the action's headline does not fit, the kind's own. An update without a
 * list shows each of its `fields` as `before -> after`.
 */
export const ATTRIBUTES: { [Kind in ChangeKind]: KindAttributes<Kind> } = {
  'admin-init': { headlines: { create: "will be initialised as the server's first administrator" }, attributes: { create: ['username', password] } },
  user: { attributes: { create: ['username', 'role', userPassword], delete: ['username', 'role'] } },
  'user-password': {
    headlines: { update: 'will have its password reset' },
    attributes: { update: [() => ({ name: 'password', note: 'differs from the manifest (will be reset)' })] },
  },
  'api-key': {
    headlines: { replace: 'will be replaced (a new key first, then the old one is deleted)' },
    attributes: {
      create: ['description', succeeds, oldKeyLives],
      replace: ['description', created, (change) => ({ name: 'reason', note: change.reason })],
      delete: ['description', created, overlapEnded],
    },
  },
  team: { attributes: { create: ['name'], delete: ['name', membershipsGoing] } },
  'team-membership': { attributes: { create: [team, member, 'role'], delete: [team, member, 'role'] } },
  'environment-access': accessAttributes(),
  'group-access': accessAttributes(),
};
