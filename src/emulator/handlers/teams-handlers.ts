import { decodePayload } from '../http/payload.js';
import { failure, INVALID_PAYLOAD, json, membershipJson, noContent, OBJECT_NOT_FOUND, teamJson } from '../http/reply.js';
import { callerOf, numericParam } from '../http/route-values.js';
import type { Call, Handler } from '../stores/state.js';
import { ledTeamIds, mayManageTeam, teamAccessOf } from '../auth/team-access.js';
import { TEAM_LEADER, type StoredTeam } from '../stores/team-store.js';
import { environmentFilterOf } from './environment-filter.js';

/**
 * The teams API (api/http/handler/teams/*.go). Creating, renaming and deleting
 * a team is for admins (the router's admin access); reading one team or its
 * memberships is for an admin or that team's leader.
 */
const INVALID_TEAM_ID = 'Invalid team identifier route variable';
const TEAM_NOT_FOUND = 'Unable to find a team with the specified identifier inside the database';

/**
 * GET /teams (team_list.go, restricted access): an admin sees every team, anyone
 * else the teams they belong to; `onlyLedTeams=true` keeps the teams the caller
 * leads, which for an admin is none (an admin's context is never a team leader);
 * `?environmentId=N` keeps the teams that environment or its group names.
 */
export const listTeams: Handler = (state, call) => {
  const access = teamAccessOf(state, callerOf(call));
  const teams = state.store.teams.teams();
  let listed: StoredTeam[];
  if (onlyLedTeams(call)) {
    const led = access.isTeamLeader ? ledTeamIds(access) : new Set<number>();
    listed = teams.filter((team) => led.has(team.id));
  } else if (access.isAdmin) {
    listed = teams;
  } else {
    const memberOf = new Set(access.memberships.map((membership) => membership.teamId));
    listed = teams.filter((team) => memberOf.has(team.id));
  }
  // `?environmentId=N`: the teams that the environment or its group names, whatever the RoleId.
  const filter = environmentFilterOf(state, call);
  if (filter.kind === 'failed') return filter.reply;
  if (filter.kind === 'environment') {
    const { environment, group } = filter;
    listed = listed.filter((team) => environment.teamAccess.has(team.id) || group.teamAccess.has(team.id));
  }
  return json(listed.map(teamJson));
};

/** libhttp RetrieveBooleanQueryParameter: strconv.ParseBool, a value it cannot parse counting as false. */
function onlyLedTeams(call: Call): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(call.query.get('onlyLedTeams') ?? '');
}

/**
 * POST /teams (team_create.go): names are compared case-insensitively and kept
 * as sent. Each id in TeamLeaders becomes a leader membership, unchecked, as in
 * Portainer: an unknown user id or a repeated one is stored all the same.
 */
export const createTeam: Handler = (state, call) => {
  const payload = decodePayload(call.body, { Name: 'string', TeamLeaders: 'ints?' });
  if (!payload.ok) return failure(400, INVALID_PAYLOAD, payload.reason);
  const { Name: name, TeamLeaders: leaders = [] } = payload.value;
  if (name === '') return failure(400, INVALID_PAYLOAD, 'Invalid team name');
  const teams = state.store.teams;
  if (teams.teamByName(name) !== undefined) return failure(409, 'A team with the same name already exists', 'Team already exists');
  const team = teams.createTeam(name);
  for (const userId of leaders) teams.createMembership(userId, team.id, TEAM_LEADER);
  return json(teamJson(team));
};

/** GET /teams/{id} (team_inspect.go): the leader check comes before the lookup, so a leader asking for an unknown team gets 403. */
export const inspectTeam: Handler = (state, call) => {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_TEAM_ID);
  if (!mayManageTeam(teamAccessOf(state, callerOf(call)), id)) return failure(403, 'Access denied to team', 'Access denied to resource');
  const team = state.store.teams.team(id);
  return team === undefined ? failure(404, TEAM_NOT_FOUND, OBJECT_NOT_FOUND) : json(teamJson(team));
};

/**
 * PUT /teams/{id} (team_update.go): an empty name changes nothing. Portainer
 * does not check the new name against other teams, so a rename may collide.
 */
export const updateTeam: Handler = (state, call) => {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_TEAM_ID);
  const payload = decodePayload(call.body, { Name: 'string' });
  if (!payload.ok) return failure(400, INVALID_PAYLOAD, payload.reason);
  const team = state.store.teams.team(id);
  if (team === undefined) return failure(404, TEAM_NOT_FOUND, OBJECT_NOT_FOUND);
  if (payload.value.Name !== '') team.name = payload.value.Name;
  return json(teamJson(team));
};

/** DELETE /teams/{id} (team_delete.go): the team's memberships go with it. */
export const deleteTeam: Handler = (state, call) => {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_TEAM_ID);
  if (state.store.teams.team(id) === undefined) return failure(404, TEAM_NOT_FOUND, OBJECT_NOT_FOUND);
  state.store.deleteTeam(id);
  return noContent();
};

/** GET /teams/{id}/memberships (team_memberships.go): no lookup of the team, so an unknown id gives `[]`. */
export const teamMemberships: Handler = (state, call) => {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_TEAM_ID);
  if (!mayManageTeam(teamAccessOf(state, callerOf(call)), id)) return failure(403, 'Access denied to team', 'Access denied to resource');
  return json(state.store.teams.membershipsOfTeam(id).map(membershipJson));
};
