import type { MembershipInput, PortainerClient, TeamMembership } from '../../portainer/index.js';
import { foldUsername } from '../../plan/match.js';
import type { MembershipCreateChange, MembershipDeleteChange, MembershipUpdateChange, TeamCreateChange, TeamDeleteChange } from '../../plan/types/index.js';
import type { ApplyContext } from '../context.js';
import { ApplyError, settleUnknownOutcome } from '../recover.js';

type MembershipChange = MembershipCreateChange | MembershipUpdateChange;

/** Without leaders: every membership, a leader's too, is a change of its own in the plan. */
export async function createTeam(change: TeamCreateChange, context: ApplyContext): Promise<void> {
  const { name } = change.after;
  let created;
  try {
    created = await context.client.createTeam(name);
  } catch (error) {
    // The plan saw no such team, so one there now is ours.
    await settleUnknownOutcome(error, change, context.notes, async () => (await findTeam(name, context)) !== undefined);
    return;
  }
  if (created.outcome === 'created') {
    context.teamIds.set(foldUsername(name), created.value.id);
    return;
  }
  // Someone created it between our plan and this call: the team we wanted is there.
  const found = await findTeam(name, context);
  if (!found) throw new ApplyError({ code: 'team-conflict-unfound', name });
  context.notes.push({ code: 'team-already-existed', address: change.address, name: found.name });
}

/** Portainer deletes the team's memberships with it. */
export async function deleteTeam(change: TeamDeleteChange, context: ApplyContext): Promise<void> {
  try {
    if ((await context.client.deleteTeam(change.teamId)) === 'already-gone') context.notes.push({ code: 'already-gone', address: change.address, what: 'team' });
  } catch (error) {
    await settleUnknownOutcome(error, change, context.notes, async () => !(await context.client.listTeams()).some((team) => team.id === change.teamId));
  }
}

export async function createMembership(change: MembershipCreateChange, context: ApplyContext): Promise<void> {
  const input: MembershipInput = { userId: userIdOf(change, context), teamId: teamIdOf(change, context), role: change.after.role };
  try {
    // Portainer allows one membership per user and team, whatever its role: `exists` says this one is there.
    if ((await context.client.createTeamMembership(input)).outcome === 'exists') await adoptMembership(change, input, context);
  } catch (error) {
    let found: TeamMembership | undefined;
    await settleUnknownOutcome(error, change, context.notes, async () => {
      found = await findMembership(input, context.client);
      return found !== undefined;
    });
    // Ours would have the planned role; another one means someone else added the user meanwhile.
    if (found && found.role !== input.role) await setRole(found.id, input, change, context);
  }
}

export async function updateMembership(change: MembershipUpdateChange, context: ApplyContext): Promise<void> {
  await setRole(change.membershipId, { userId: change.userId, teamId: change.teamId, role: change.after.role }, change, context);
}

export async function deleteMembership(change: MembershipDeleteChange, context: ApplyContext): Promise<void> {
  try {
    if ((await context.client.deleteTeamMembership(change.membershipId)) === 'already-gone') {
      context.notes.push({ code: 'already-gone', address: change.address, what: 'membership' });
    }
  } catch (error) {
    await settleUnknownOutcome(error, change, context.notes, async () => (await membershipById(change.membershipId, context.client)) === undefined);
  }
}

/** The membership was already there: read it back, give it the planned role if it has another, and carry on. */
async function adoptMembership(change: MembershipCreateChange, input: MembershipInput, context: ApplyContext): Promise<void> {
  const found = await findMembership(input, context.client);
  if (!found) {
    throw new ApplyError({ code: 'membership-conflict-unfound', username: change.username, team: change.team });
  }
  if (found.role === input.role) {
    context.notes.push({ code: 'membership-already-existed', address: change.address });
    return;
  }
  await setRole(found.id, input, change, context);
  context.notes.push({ code: 'membership-already-existed', address: change.address, was: found.role, role: input.role });
}

/** Portainer's PUT wants the whole membership, not only its role. */
async function setRole(membershipId: number, input: MembershipInput, change: MembershipChange, context: ApplyContext): Promise<void> {
  let updated;
  try {
    updated = await context.client.updateTeamMembership(membershipId, input);
  } catch (error) {
    await settleUnknownOutcome(error, change, context.notes, async () => (await membershipById(membershipId, context.client))?.role === input.role);
    return;
  }
  if (updated === undefined) {
    throw new ApplyError({ code: 'membership-removed', username: change.username, team: change.team });
  }
}

/** From observation or this apply; a user the plan expected but nobody recorded is a failure, never a guess. */
function userIdOf(change: MembershipCreateChange, context: ApplyContext): number {
  const id = context.userIds.get(foldUsername(change.username));
  if (id === undefined) {
    throw new ApplyError({ code: 'member-user-missing', username: change.username, team: change.team });
  }
  return id;
}

function teamIdOf(change: MembershipCreateChange, context: ApplyContext): number {
  const id = context.teamIds.get(foldUsername(change.team));
  if (id === undefined) {
    throw new ApplyError({ code: 'member-team-missing', username: change.username, team: change.team });
  }
  return id;
}

/** Portainer compares team names case-insensitively; the id found is recorded for the memberships that follow. */
async function findTeam(name: string, context: ApplyContext): Promise<{ id: number; name: string } | undefined> {
  const found = (await context.client.listTeams()).find((team) => foldUsername(team.name) === foldUsername(name));
  if (found) context.teamIds.set(foldUsername(name), found.id);
  return found;
}

async function findMembership(input: MembershipInput, client: PortainerClient): Promise<TeamMembership | undefined> {
  return (await client.listTeamMemberships()).find((membership) => membership.userId === input.userId && membership.teamId === input.teamId);
}

async function membershipById(id: number, client: PortainerClient): Promise<TeamMembership | undefined> {
  return (await client.listTeamMemberships()).find((membership) => membership.id === id);
}
