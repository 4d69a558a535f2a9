import { foldUsername } from '../../plan/match.js';
import type { Change, ObservedTeam, TeamRole } from '../../plan/types/index.js';
import { assertNever } from '../../plan/types/index.js';
import { canName, type EditContext } from './edit-context.js';
import { ABSORBED, edited, notPatched, type EditOutcome } from './outcome.js';

/**
 * A team change, accepted: a team the server lacks leaves the manifest (its
 * memberships with it), a team prune.teams would delete joins it with its
 * leaders and members, when the manifest can name every one of them.
 */
export function teamEdits(change: Extract<Change, { kind: 'team' }>, context: EditContext): EditOutcome {
  switch (change.action) {
    case 'create':
      return edited({ kind: 'remove-team', address: change.address, team: change.after.name });
    case 'update':
      return notPatched(change.address, 'rename');
    case 'delete': {
      const team = context.observed.teams?.find((candidate) => candidate.id === change.teamId);
      if (!team || !isManifestTeamName(team, context)) return notPatched(change.address, 'unrepresentable');
      const members = membersOf(team, context);
      if (members.some((member) => !canName(context, member.username))) return notPatched(change.address, 'member-unmanaged');
      return edited({ kind: 'add-team', address: change.address, team: team.name, members });
    }
    default:
      return assertNever(change);
  }
}

/** A membership change, accepted: the manifest's claim is removed, changed, or added to match the server. */
export function membershipEdits(change: Extract<Change, { kind: 'team-membership' }>, context: EditContext): EditOutcome {
  const base = { address: change.address, team: change.team, username: change.username };
  switch (change.action) {
    case 'create': {
      if (context.removedTeams.has(foldUsername(change.team)) || context.removedUsers.has(foldUsername(change.username))) return ABSORBED;
      const kept = context.keptMissing.get(foldUsername(change.username));
      if (kept) return notPatched(change.address, kept);
      return edited({ kind: 'remove-member', ...base });
    }
    case 'update':
      return edited({ kind: 'set-member-role', ...base, role: change.before.role });
    case 'delete':
      if (!canName(context, change.username)) return notPatched(change.address, 'member-unmanaged');
      return edited({ kind: 'add-member', ...base, role: change.before.role });
    default:
      return assertNever(change);
  }
}

/**
 * One role per member, the last membership's (the one the planner compares
 * with), spelt as the manifest spells the user when it lists them.
 */
function membersOf(team: ObservedTeam, context: EditContext): { username: string; role: TeamRole }[] {
  const byUser = new Map<string, { username: string; role: TeamRole }>();
  for (const member of team.members) {
    const username = context.desiredUser(member.username)?.username ?? member.username;
    byUser.set(foldUsername(member.username), { username, role: member.role });
  }
  return [...byUser.values()];
}

/** Not blank, and no other server team shares it when case is ignored (the manifest could not tell them apart). */
function isManifestTeamName(team: ObservedTeam, context: EditContext): boolean {
  const folded = foldUsername(team.name);
  const namesakes = (context.observed.teams ?? []).filter((other) => foldUsername(other.name) === folded);
  return /\S/.test(team.name) && namesakes.length === 1;
}
