import type { ApplyFailure, ApplyNote, UndoneAccess } from '../../apply/outcome.js';
import { assertNever } from '../../plan/types/index.js';
import { isoDate } from '../common/dates.js';

/** A `Note:` line of apply's report: what apply met beside the plan, in words. */
export function describeApplyNote(note: ApplyNote): string {
  switch (note.code) {
    case 'admin-already-initialised':
      return `${note.address}: Portainer already had an administrator (initialised by someone else); carried on`;
    case 'took-effect':
      return `${note.address}: ${note.call} got no clear answer, but re-reading the server shows it took effect`;
    case 'already-gone':
      return `${note.address}: the ${note.what} was already gone from the server`;
    case 'team-already-existed':
      return `${note.address}: a team named "${note.name}" already existed on the server (created since the plan); carried on with it`;
    case 'membership-already-existed':
      return note.was !== undefined && note.role !== undefined
        ? `${note.address}: the membership already existed on the server as ${note.was} (added since the plan); set it to ${note.role}`
        : `${note.address}: the membership already existed on the server (added since the plan); carried on`;
    case 'password-reset':
      return `${note.address}: reset to the manifest's password; ${note.username}'s open sessions ended (its API keys keep working)`;
    case 'key-created-again':
      return `${note.address}: the answer to the key's creation was lost in transit, so its raw value was never seen; the tool deleted that key and created another`;
    case 'key-overlap':
      return `${note.address}: the key it succeeds (Id ${note.keyId}) keeps working until ${isoDate(note.until)}; the first plan after that deletes it`;
    case 'stale-lock-taken-over':
      return `${note.lock} was left by process ${note.pid}, which no longer runs; took it over`;
    default:
      return assertNever(note);
  }
}

/** Why a change failed, in one sentence, with Portainer's message and status where there is one. */
export function describeApplyFailure(failure: ApplyFailure): string {
  switch (failure.code) {
    case 'error':
      return failure.said;
    case 'outcome-unknown':
      return `${failure.said}; whether it took effect is unknown, because re-reading the server failed too (${failure.reread}); run apply again`;
    case 'not-taken-effect':
      return `${failure.said}; re-reading the server shows it did not take effect${failure.writes === undefined ? '' : ` after ${failure.writes} tries`}; run apply again`;
    case 'access-undone': {
      const { undone } = failure;
      const grants = undone.grants.length === 1 ? `the planned grant ${undone.grants[0]}` : `the planned grants ${undone.grants.join(', ')}`;
      return (
        `another writer undid ${grants} after each of ${undone.writes} PUTs of ${holderOf(undone)}, so apply stops rather than report it done; ` +
        'run apply again when nobody else is changing its access'
      );
    }
    case 'user-exists':
      return `Portainer answered 409 Conflict for user ${failure.username}${failure.said ? `: ${failure.said}` : ''}; another apply or a person created it since the plan; run plan again`;
    case 'no-secrets-file':
      return 'no --secrets-out file to write the new API key to';
    case 'key-outcome-unknown':
      return (
        `${failure.said}; re-reading ${failure.username}'s keys failed too (${failure.reread}), so whether the key was created is unknown; ` +
        `the secrets file records the attempt, and the next apply with --secrets-out replaces the key if it exists`
      );
    case 'key-not-created':
      return `${failure.said}; re-reading ${failure.username}'s keys shows it was not created; run apply again`;
    case 'key-owner-missing':
      return `user ${failure.username} does not exist on the server, so its key cannot be created`;
    case 'team-conflict-unfound':
      return `Portainer says a team named ${failure.name} exists (409 Conflict), yet none is on the server now; run apply again`;
    case 'membership-conflict-unfound':
      return `Portainer says ${failure.username} is in team ${failure.team} already (409 Conflict), yet re-reading the memberships shows no such membership; run apply again`;
    case 'membership-removed':
      return `the membership of ${failure.username} in team ${failure.team} was removed from the server since the plan; run apply again to add it back`;
    case 'member-user-missing':
      return `user ${failure.username} is neither on the server nor created earlier in this apply, so it cannot join team ${failure.team}`;
    case 'member-team-missing':
      return `team ${failure.team} is neither on the server nor created earlier in this apply, so ${failure.username} cannot join it`;
    case 'access-holder-gone':
      return `${failure.scope === 'environment' ? 'environment' : 'environment group'} ${failure.resource} (Id ${failure.resourceId}) is no longer on the server (it was deleted since the plan); run plan again`;
    case 'grantee-missing':
      return `${failure.principal} ${failure.name} is not on the server, so it cannot be granted access to ${failure.resource}; run plan again`;
    case 'rename-taken':
      return `${failure.what} ${failure.previous} cannot be renamed ${failure.name}: another ${failure.what} has that name now (it was taken since the plan)${failure.said ? `: ${failure.said}` : ''}; run plan again`;
    default:
      return assertNever(failure);
  }
}

/** `environment production (Id 3)`, `environment group edge (Id 2)`. */
export function holderOf(undone: Pick<UndoneAccess, 'kind' | 'resource' | 'resourceId'>): string {
  return `${undone.kind === 'environment-access' ? 'environment' : 'environment group'} ${undone.resource} (Id ${undone.resourceId})`;
}
