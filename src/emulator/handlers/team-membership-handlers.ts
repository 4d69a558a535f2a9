import { decodePayload, type Decoded } from '../http/payload.js';
import { failure, INVALID_PAYLOAD, json, membershipJson, noContent, OBJECT_NOT_FOUND } from '../http/reply.js';
import { callerOf, numericParam } from '../http/route-values.js';
import type { Call, Handler } from '../stores/state.js';
import { ledTeamIds, mayManageTeam, teamAccessOf } from '../auth/team-access.js';
import type { TeamRole } from '../stores/team-store.js';

/**
 * The team memberships API (api/http/handler/teammemberships/*.go). Every
 * route sits behind Portainer's TeamLeaderAccess (the router answers 403
 * `Access denied` to anyone who is neither admin nor leader of some team);
 * each handler then checks the team in question.
 */
const INVALID_MEMBERSHIP_ID = 'Invalid membership identifier route variable';
const MEMBERSHIP_NOT_FOUND = 'Unable to find a team membership with the specified identifier inside the database';
const ACCESS_DENIED = 'Access denied to resource';

interface MembershipPayload {
  userId: number;
  teamId: number;
  role: TeamRole;
}

/** The create and update payloads share Portainer's Validate: non-zero ids, role 1 or 2. */
function decodeMembership(call: Call): Decoded<MembershipPayload> {
  const payload = decodePayload(call.body, { UserID: 'int', TeamID: 'int', Role: 'int' });
  if (!payload.ok) return payload;
  const { UserID: userId, TeamID: teamId, Role: role } = payload.value;
  if (userId === 0) return { ok: false, reason: 'Invalid UserID' };
  if (teamId === 0) return { ok: false, reason: 'Invalid TeamID' };
  if (role !== 1 && role !== 2) return { ok: false, reason: 'Invalid role value. Value must be one of: 1 (leader) or 2 (member)' };
  return { ok: true, value: { userId, teamId, role } };
}

/**
 * GET /team_memberships (teammembership_list.go): everything for an admin, only
 * the memberships of the teams they lead for a leader (Portainer 2.45; earlier
 * versions showed a leader every membership).
 */
export const listMemberships: Handler = (state, call) => {
  const access = teamAccessOf(state, callerOf(call));
  const all = state.store.teams.memberships();
  if (access.isAdmin) return json(all.map(membershipJson));
  const led = ledTeamIds(access);
  return json(all.filter((membership) => led.has(membership.teamId)).map(membershipJson));
};

/**
 * POST /team_memberships (teammembership_create.go): a second membership of the
 * same user in the same team is a 409, whatever its role. Neither id is looked
 * up, as in Portainer.
 */
export const createMembership: Handler = (state, call) => {
  const payload = decodeMembership(call);
  if (!payload.ok) return failure(400, INVALID_PAYLOAD, payload.reason);
  const { userId, teamId, role } = payload.value;
  if (!mayManageTeam(teamAccessOf(state, callerOf(call)), teamId)) {
    return failure(403, 'Permission denied to manage team memberships', ACCESS_DENIED);
  }
  const teams = state.store.teams;
  if (teams.membershipsOfUser(userId).some((membership) => membership.teamId === teamId)) {
    return failure(409, 'Team membership already registered', 'Team membership already exists for this user and team');
  }
  return json(membershipJson(teams.createMembership(userId, teamId, role)));
};

/**
 * PUT /team_memberships/{id} (teammembership_update.go): a leader must lead
 * both the membership's team and the team it moves to. Portainer checks no
 * duplicate here, so an update can make one.
 */
export const updateMembership: Handler = (state, call) => {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_MEMBERSHIP_ID);
  const payload = decodeMembership(call);
  if (!payload.ok) return failure(400, INVALID_PAYLOAD, payload.reason);
  const membership = state.store.teams.membership(id);
  if (membership === undefined) return failure(404, MEMBERSHIP_NOT_FOUND, OBJECT_NOT_FOUND);
  const access = teamAccessOf(state, callerOf(call));
  if (!mayManageTeam(access, payload.value.teamId) || !mayManageTeam(access, membership.teamId)) {
    return failure(403, 'Permission denied to update the membership', ACCESS_DENIED);
  }
  membership.userId = payload.value.userId;
  membership.teamId = payload.value.teamId;
  membership.role = payload.value.role;
  return json(membershipJson(membership));
};

/** DELETE /team_memberships/{id} (teammembership_delete.go): the lookup comes before the permission check. */
export const deleteMembership: Handler = (state, call) => {
  const id = numericParam(call, 'id');
  if (id === undefined) return failure(400, INVALID_MEMBERSHIP_ID);
  const membership = state.store.teams.membership(id);
  if (membership === undefined) return failure(404, MEMBERSHIP_NOT_FOUND, OBJECT_NOT_FOUND);
  if (!mayManageTeam(teamAccessOf(state, callerOf(call)), membership.teamId)) {
    return failure(403, 'Permission denied to delete the membership', ACCESS_DENIED);
  }
  state.store.teams.deleteMembership(id);
  return noContent();
};
