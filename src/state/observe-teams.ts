import type { PortainerClient } from '../portainer/index.js';
import { compareText } from '../plan/match.js';
import type { ObservedTeam, ObservedTeamMember, ObservedUser } from '../plan/types/index.js';

/**
 * Every team and every membership in two reads, `GET /teams` and
 * `GET /team_memberships`, however many teams and users there are (never
 * `GET /users/{id}/memberships` per user). Members are named through the
 * users already observed; a membership whose user or team is not there
 * (deleted between the reads) is left out, as Portainer deletes it too.
 * The users may still be on their way: the two reads start at once.
 */
export async function observeTeams(client: PortainerClient, observedUsers: PromiseLike<readonly ObservedUser[]> | readonly ObservedUser[]): Promise<ObservedTeam[]> {
  const [teams, memberships, users] = await Promise.all([client.listTeams(), client.listTeamMemberships(), observedUsers]);
  const usernames = new Map(users.map((user) => [user.id, user.username]));
  const membersOf = new Map<number, ObservedTeamMember[]>(teams.map((team) => [team.id, []]));
  for (const membership of memberships) {
    const username = usernames.get(membership.userId);
    const members = membersOf.get(membership.teamId);
    if (username === undefined || members === undefined) continue;
    members.push({ membershipId: membership.id, userId: membership.userId, username, role: membership.role });
  }
  return teams
    .map((team) => ({ id: team.id, name: team.name, members: (membersOf.get(team.id) ?? []).sort(byUsername) }))
    .sort((a, b) => compareText(a.name, b.name) || a.id - b.id);
}

function byUsername(a: ObservedTeamMember, b: ObservedTeamMember): number {
  return compareText(a.username, b.username) || a.userId - b.userId;
}

