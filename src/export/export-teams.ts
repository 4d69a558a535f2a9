import { compareFolded, foldUsername } from '../plan/match.js';
import type { ObservedTeam, ObservedTeamMember, TeamRole } from '../plan/types/index.js';

/** One entry of the manifest's top-level `teams` list, as export writes it. */
export interface ExportedTeam {
  name: string;
  leaders?: string[];
  members?: string[];
}

export interface ExportedTeams {
  /** Sorted by name; empty when the server has no team a manifest can hold. */
  teams: ExportedTeam[];
  /** Why a team, or a member of one, is left out: one sentence each, for the header's notes. */
  notes: string[];
  /**
   * A listed team has a member this file cannot name. With `prune.memberships`
   * on, plan would remove that member, so the export turns it off to keep
   * its promise that a fresh export plans no change.
   */
  unlistedMembers: boolean;
}

/**
 * The server's teams as the manifest writes them: leaders and members by
 * username, sorted. A member is named only when its user is in the export
 * (`listedUserIds`); a team only when the manifest can hold its name and tell
 * it apart from every other team. Teams left out are left alone by plan
 * (`prune.teams` is off). Pure, like the rest of export.
 */
export function exportTeams(observed: readonly ObservedTeam[], listedUserIds: ReadonlySet<number>): ExportedTeams {
  const result: ExportedTeams = { teams: [], notes: [], unlistedMembers: false };
  const ambiguous = ambiguousNames(observed);
  for (const team of [...observed].sort(byName)) {
    const problem = teamNameProblem(team, ambiguous);
    if (problem) {
      result.notes.push(`team Id ${team.id} is left out: ${problem}; prune.teams is off, so plan leaves it alone`);
      continue;
    }
    result.teams.push(entryOf(team, listedUserIds, result));
  }
  return result;
}

function entryOf(team: ObservedTeam, listedUserIds: ReadonlySet<number>, result: ExportedTeams): ExportedTeam {
  const roles = rolesByUser(team);
  const leaders: string[] = [];
  const members: string[] = [];
  for (const { member, role, differing } of roles) {
    if (!listedUserIds.has(member.userId)) {
      result.notes.push(`user Id ${member.userId} is left out of team ${JSON.stringify(team.name)}, as it is left out of the users`);
      result.unlistedMembers = true;
      continue;
    }
    if (differing) {
      result.notes.push(
        `${member.username} has several memberships in team ${JSON.stringify(team.name)} with different roles; it is listed as a ${role}, the role plan compares with`,
      );
    }
    (role === 'leader' ? leaders : members).push(member.username);
  }
  return { name: team.name, ...(leaders.length > 0 ? { leaders } : {}), ...(members.length > 0 ? { members } : {}) };
}

/**
 * One role per user, sorted by username. Portainer can hold several
 * memberships of one user in one team (through `PUT /team_memberships`); the
 * planner compares with the last of them, so that is the role written.
 */
function rolesByUser(team: ObservedTeam): { member: ObservedTeamMember; role: TeamRole; differing: boolean }[] {
  const byUser = new Map<string, { member: ObservedTeamMember; role: TeamRole; differing: boolean }>();
  for (const member of team.members) {
    const earlier = byUser.get(foldUsername(member.username));
    const differing = earlier !== undefined && (earlier.differing || earlier.role !== member.role);
    byUser.set(foldUsername(member.username), { member, role: member.role, differing });
  }
  return [...byUser.values()].sort((a, b) => compareFolded(a.member.username, b.member.username) || a.member.userId - b.member.userId);
}

/** Matches the manifest's rule for team names: not empty and not only spaces. */
function teamNameProblem(team: ObservedTeam, ambiguous: ReadonlySet<number>): string | undefined {
  if (!/\S/.test(team.name)) return `its name ${JSON.stringify(team.name)} is empty or only spaces, which a manifest cannot hold`;
  if (ambiguous.has(team.id)) {
    return `its name ${JSON.stringify(team.name)} is the name of another team when case is ignored (a rename on the server can do that), and a manifest cannot tell the two apart`;
  }
  return undefined;
}

/**
 * Ids of teams whose name another team shares ignoring case (Portainer's
 * folding, which the manifest and the planner use too). The manifest rejects
 * two such entries and the planner would match both to one of them, so
 * neither is written.
 */
function ambiguousNames(teams: readonly ObservedTeam[]): Set<number> {
  const byName = new Map<string, ObservedTeam[]>();
  for (const team of teams) {
    const group = byName.get(foldUsername(team.name));
    if (group) group.push(team);
    else byName.set(foldUsername(team.name), [team]);
  }
  return new Set([...byName.values()].filter((group) => group.length > 1).flatMap((group) => group.map((team) => team.id)));
}

function byName(a: ObservedTeam, b: ObservedTeam): number {
  return compareFolded(a.name, b.name) || a.id - b.id;
}

