import type { AccessScope, Principal, TeamRole } from '../plan/types/index.js';
import type { StaleLockNote } from '../secrets-file/file-lock.js';

/**
 * What apply found and did, as data: render/apply/ writes the sentences.
 * Each change ends with one outcome code; notes and failures carry the facts
 * a sentence needs, named by the change's address.
 */

/**
 * How one attempted change ended: `applied`; `already-done` (the server
 * already had what it was to do: a user gone, a team made by someone else);
 * `recovered` (an answer was lost, and re-reading showed the change took
 * effect, or a key whose raw value was lost was made again); `failed`;
 * `unknown` (it may or may not have taken effect: the next apply settles it).
 */
export type OutcomeCode = 'applied' | 'already-done' | 'recovered' | 'failed' | 'unknown';

/** Something apply met beside the plan and carried on from. */
export type ApplyNote =
  /** Someone else initialised the administrator between the plan and the call: that is the state wanted. */
  | { code: 'admin-already-initialised'; address: string }
  /** `call` (`POST /api/users`) got no clear answer, but re-reading the server shows it took effect. */
  | { code: 'took-effect'; address: string; call: string }
  /** A delete found the thing already gone. */
  | { code: 'already-gone'; address: string; what: 'user' | 'team' | 'membership' }
  /** A team of that name (`name`, the server's spelling) was created since the plan; apply carried on with it. */
  | { code: 'team-already-existed'; address: string; name: string }
  /** The membership was added since the plan; `was` its role there when apply set it to `role`. */
  | { code: 'membership-already-existed'; address: string; was?: TeamRole; role?: TeamRole }
  /** The user's password was reset to the manifest's: its open sessions ended. */
  | { code: 'password-reset'; address: string; username: string }
  /** A key's creation answer was lost with its raw value: the key was deleted and created again. */
  | { code: 'key-created-again'; address: string }
  /** A rotation with an overlap made the key's successor: the key it succeeds (`keyId`) keeps working until `until` (Unix seconds), and a later plan deletes it. */
  | { code: 'key-overlap'; address: string; keyId: number; until: number }
  /** The secrets file's lock was left by a process that no longer runs: apply took it over. */
  | StaleLockNote;

/**
 * An environment or group whose `PUT` did not read back as planned: another
 * writer's `PUT` undid planned grants (Portainer replaces the whole map and
 * has no version), so they were written again from a fresh read.
 */
export interface UndoneAccess {
  kind: 'environment-access' | 'group-access';
  resourceId: number;
  resource: string;
  /** Addresses of the planned grants found undone (missing, another role, or back after a delete), sorted. */
  grants: string[];
  /** PUTs sent to this environment or group, the first included. */
  writes: number;
  /** Every planned grant read back as planned in the end; false: apply gave up on it and failed. */
  repaired: boolean;
}

/** Why a change failed, with the facts of its sentence. `said`: the sentence of the error underneath (Portainer's answer, a network failure). */
export type ApplyFailure =
  /** An error that carries its own sentence: a refused request, a password that cannot be read. */
  | { code: 'error'; said: string }
  /** The answer was lost and re-reading the server failed too (`reread`): whether it took effect is unknown. */
  | { code: 'outcome-unknown'; said: string; reread: string }
  /** The answer was lost, and re-reading shows the change did not take effect (after `writes` tries, when it was tried again). */
  | { code: 'not-taken-effect'; said: string; writes?: number }
  /** Another writer undid planned grants of an environment or group after each of apply's PUTs: apply gave up on them. */
  | { code: 'access-undone'; undone: UndoneAccess }
  /** Portainer answered 409 Conflict: someone created the user since the plan (`said`: Portainer's message, if any). */
  | { code: 'user-exists'; username: string; said?: string }
  /** A key is to be created, and there is no secrets file to write its raw value to. */
  | { code: 'no-secrets-file' }
  /** A key creation's answer was lost and the owner's keys could not be re-read. */
  | { code: 'key-outcome-unknown'; said: string; username: string; reread: string }
  /** A key creation's answer was lost, and re-reading the owner's keys shows it was not created. */
  | { code: 'key-not-created'; said: string; username: string }
  /** The key's owner is not on the server. */
  | { code: 'key-owner-missing'; username: string }
  /** Portainer said the team exists (409), yet none is on the server. */
  | { code: 'team-conflict-unfound'; name: string }
  /** Portainer said the membership exists (409), yet none is on the server. */
  | { code: 'membership-conflict-unfound'; username: string; team: string }
  /** The membership whose role was to change was removed since the plan. */
  | { code: 'membership-removed'; username: string; team: string }
  /** The user or the team of a membership is neither on the server nor created earlier in this apply. */
  | { code: 'member-user-missing'; username: string; team: string }
  | { code: 'member-team-missing'; username: string; team: string }
  /** The environment or group was deleted since the plan. */
  | { code: 'access-holder-gone'; scope: AccessScope; resource: string; resourceId: number }
  /** The user or team to be granted access is not on the server. */
  | { code: 'grantee-missing'; principal: Principal; name: string; resource: string }
  /** The new name of a rename is another user's or team's since the plan (Portainer's 409 for a user; a re-read for a team, which Portainer does not check). */
  | { code: 'rename-taken'; what: 'user' | 'team'; name: string; previous: string; said?: string };

/** Failures after which the change may or may not have taken effect. */
export const UNKNOWN_OUTCOMES: ReadonlySet<ApplyFailure['code']> = new Set(['outcome-unknown', 'key-outcome-unknown']);

/** A change that could not be applied, as data; only apply throws it, and apply catches it. */
export class ApplyError extends Error {
  constructor(readonly failure: ApplyFailure) {
    super(failure.code);
    this.name = 'ApplyError';
  }
}
