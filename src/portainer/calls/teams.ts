import { exists, expectSuccess, parseAnswer, type Created, type Removed } from './answers.js';
import type { Call } from '../transport/transport.js';
import type { Send } from './send.js';
import * as wire from '../wire/wire.js';

/** The Teams and Team memberships API: each function takes the client's authenticated `send` (`send.ts`). */

export interface MembershipInput {
  userId: number;
  teamId: number;
  role: wire.TeamRole;
}

// ------------------------------------------------------------ teams

/** An admin sees every team; anyone else only the teams they belong to. */
export async function listTeams(send: Send): Promise<wire.Team[]> {
  const call: Call = { method: 'GET', route: 'teams' };
  return parseAnswer(call, await send(call), wire.teamListSchema, 'a list of teams');
}

/**
 * Admin only. Each leader id gets a leader membership, which Portainer does not check against its users.
 * `exists`: a team has that name already, compared case-insensitively (409).
 */
export async function createTeam(send: Send, name: string, leaderIds: number[] = []): Promise<Created<wire.Team>> {
  const call: Call = { method: 'POST', route: 'teams', json: { Name: name, TeamLeaders: leaderIds } };
  const answer = await send(call);
  if (answer.status === 409) return exists(answer);
  return { outcome: 'created', value: parseAnswer(call, answer, wire.teamSchema, 'a team') };
}

/** Admin only. Portainer checks no other team's name here, so a rename can make two teams share one. */
export async function renameTeam(send: Send, id: number, name: string): Promise<wire.Team> {
  const call: Call = { method: 'PUT', route: `teams/${id}`, json: { Name: name } };
  return parseAnswer(call, await send(call), wire.teamSchema, 'a team');
}

/** Admin only; the team's memberships go with it. `already-gone`: no team has that id (404). */
export async function deleteTeam(send: Send, id: number): Promise<Removed> {
  return removal({ method: 'DELETE', route: `teams/${id}` }, send);
}

/** An admin or that team's leader; an unknown team id gives an empty list, not a 404. */
export async function teamMemberships(send: Send, teamId: number): Promise<wire.TeamMembership[]> {
  const call: Call = { method: 'GET', route: `teams/${teamId}/memberships` };
  return parseAnswer(call, await send(call), wire.teamMembershipListSchema, 'a list of team memberships');
}

// ------------------------------------------------------------ team memberships

/** Every membership of every team in one read (a leader sees only those of the teams it leads). */
export async function listTeamMemberships(send: Send): Promise<wire.TeamMembership[]> {
  const call: Call = { method: 'GET', route: 'team_memberships' };
  return parseAnswer(call, await send(call), wire.teamMembershipListSchema, 'a list of team memberships');
}

/** `exists`: the user has a membership of that team already, whatever its role (409 `Team membership already registered`). */
export async function createTeamMembership(send: Send, input: MembershipInput): Promise<Created<wire.TeamMembership>> {
  const call: Call = { method: 'POST', route: 'team_memberships', json: membershipJson(input) };
  const answer = await send(call);
  if (answer.status === 409) return exists(answer);
  return { outcome: 'created', value: parseAnswer(call, answer, wire.teamMembershipSchema, 'a team membership') };
}

/** Portainer wants the whole membership, not only the role that changes. Undefined: no membership has that id (404). */
export async function updateTeamMembership(send: Send, id: number, input: MembershipInput): Promise<wire.TeamMembership | undefined> {
  const call: Call = { method: 'PUT', route: `team_memberships/${id}`, json: membershipJson(input) };
  const answer = await send(call);
  return answer.status === 404 ? undefined : parseAnswer(call, answer, wire.teamMembershipSchema, 'a team membership');
}

/** `already-gone`: no membership has that id (404). */
export async function deleteTeamMembership(send: Send, id: number): Promise<Removed> {
  return removal({ method: 'DELETE', route: `team_memberships/${id}` }, send);
}

async function removal(call: Call, send: Send): Promise<Removed> {
  const answer = await send(call);
  if (answer.status === 404) return 'already-gone';
  expectSuccess(call, answer);
  return 'deleted';
}

function membershipJson(input: MembershipInput): { UserID: number; TeamID: number; Role: 1 | 2 } {
  return { UserID: input.userId, TeamID: input.teamId, Role: wire.teamRoleToWire[input.role] };
}
