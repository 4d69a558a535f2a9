import { membershipAddress, teamAddress } from '../address.js';
import { foldUsername, indexByUsername } from '../match.js';
import { problemAt, type Problem } from '../types/problems.js';
import type { Change, DesiredState, DesiredTeam, DesiredTeamMember, ObservedState, ObservedTeam, ObservedTeamMember } from '../types/index.js';

export interface TeamDiff {
  changes: Change[];
  problems: Problem[];
}

/**
 * Team and membership changes: create the teams the manifest lists and the
 * server lacks, add members and change their roles, remove members the
 * manifest does not list (`prune.memberships`, on by default), and delete
 * unlisted teams (`prune.teams`, off by default). Teams are matched by name
 * case-insensitively, like Portainer; a case-only difference is never a
 * change (Portainer has no rename to fix it, and none is needed).
 *
 * A team deleted with `prune.teams` takes its memberships with it on the
 * server, so they are not planned one by one.
 */
export function diffTeams(desired: DesiredState, observed: ObservedState, previousNames: ReadonlySet<string> = new Set()): TeamDiff {
  const result: TeamDiff = { changes: [], problems: [] };
  if (desired.teams === undefined) return result;
  const serverTeams = new Map((observed.teams ?? []).map((team) => [foldUsername(team.name), team]));
  const known = knownUsers(desired, observed);
  const listed = new Set<string>();
  for (const team of desired.teams) {
    listed.add(foldUsername(team.name));
    const current = serverTeams.get(foldUsername(team.name));
    if (!current) result.changes.push({ address: teamAddress(team.name), kind: 'team', action: 'create', before: null, after: { name: team.name } });
    diffMembers(team, current, desired, known, result);
  }
  if (desired.prune.teams === true) {
    for (const team of observed.teams ?? []) {
      // A team whose name is on a `previously` is that entry's team: never pruned.
      if (!listed.has(foldUsername(team.name)) && !previousNames.has(foldUsername(team.name))) result.changes.push(teamDelete(team));
    }
  }
  return result;
}

/**
 * Whether a username a team names is a user the apply can count on: a
 * manifest user (undefined), or else the rule that fires (an error, or a
 * warning for a server user that prune leaves alone).
 */
type UserCheck = 'team.member-unknown' | 'team.member-would-be-pruned' | 'team.member-server-only' | undefined;

function knownUsers(desired: DesiredState, observed: ObservedState): (username: string) => UserCheck {
  const inManifest = new Set(desired.users.map((user) => foldUsername(user.username)));
  const onServer = indexByUsername(observed.users);
  return (username) => {
    if (inManifest.has(foldUsername(username))) return undefined;
    if (!onServer.has(foldUsername(username))) return 'team.member-unknown';
    return desired.prune.users ? 'team.member-would-be-pruned' : 'team.member-server-only';
  };
}

function diffMembers(
  team: DesiredTeam,
  current: ObservedTeam | undefined,
  desired: DesiredState,
  known: (username: string) => UserCheck,
  result: TeamDiff,
): void {
  const serverMembers = new Map((current?.members ?? []).map((member) => [foldUsername(member.username), member]));
  const wanted = new Set<string>();
  for (const member of team.members) {
    wanted.add(foldUsername(member.username));
    const address = membershipAddress(team.name, member.username);
    const code = known(member.username);
    if (code) {
      const problem = problemAt(address, { code, team: team.name, username: member.username });
      result.problems.push(problem);
      if (problem.severity === 'error') continue;
    }
    const existing = serverMembers.get(foldUsername(member.username));
    if (!existing) result.changes.push(membershipCreate(team, member));
    else if (existing.role !== member.role && current) result.changes.push(membershipUpdate(team, current, member, existing));
  }
  if (!current || desired.prune.memberships === false) return;
  for (const member of current.members) {
    if (!wanted.has(foldUsername(member.username))) result.changes.push(membershipDelete(team, current, member));
  }
}

function membershipCreate(team: DesiredTeam, member: DesiredTeamMember): Change {
  return {
    address: membershipAddress(team.name, member.username),
    kind: 'team-membership',
    action: 'create',
    team: team.name,
    username: member.username,
    before: null,
    after: { role: member.role },
  };
}

function membershipUpdate(team: DesiredTeam, current: ObservedTeam, member: DesiredTeamMember, existing: ObservedTeamMember): Change {
  return {
    address: membershipAddress(team.name, member.username),
    kind: 'team-membership',
    action: 'update',
    team: team.name,
    username: member.username,
    membershipId: existing.membershipId,
    teamId: current.id,
    userId: existing.userId,
    before: { role: existing.role },
    after: { role: member.role },
    fields: ['role'],
  };
}

/** Members the manifest does not list are addressed by the server's spelling of their name. */
function membershipDelete(team: DesiredTeam, current: ObservedTeam, member: ObservedTeamMember): Change {
  return {
    address: membershipAddress(team.name, member.username),
    kind: 'team-membership',
    action: 'delete',
    team: team.name,
    username: member.username,
    membershipId: member.membershipId,
    teamId: current.id,
    userId: member.userId,
    before: { role: member.role },
    after: null,
  };
}

function teamDelete(team: ObservedTeam): Change {
  return {
    address: teamAddress(team.name),
    kind: 'team',
    action: 'delete',
    teamId: team.id,
    before: { name: team.name, members: team.members.length },
    after: null,
  };
}
