import { foldUsername } from '../../plan/match.js';
import type { TeamRenameChange, UserRenameChange } from '../../plan/types/index.js';
import type { ApplyContext } from '../context.js';
import { ApplyError, settleUnknownOutcome } from '../recover.js';

/**
 * A user renamed in place (`PUT /users/{id}` with `username`): its Id, keys,
 * memberships and grants stay. Portainer refuses a name another user has
 * (409), which here means someone took it since the plan. With a secrets
 * file, the user's entries there move to its new name.
 */
export async function renameUser(change: UserRenameChange, context: ApplyContext): Promise<void> {
  const name = change.after.username;
  let renamed;
  try {
    renamed = await context.client.renameUser(change.userId, name);
  } catch (error) {
    await settleUnknownOutcome(error, change, context.notes, async () => (await context.client.getUser(change.userId)).username === name);
    renamed = undefined;
  }
  if (renamed?.outcome === 'taken') {
    throw new ApplyError({ code: 'rename-taken', what: 'user', name, previous: change.before.username, ...(renamed.said ? { said: renamed.said } : {}) });
  }
  // Later changes of this apply name the user by its new name.
  context.userIds.set(foldUsername(name), change.userId);
  // Its keys stay on the server under its Id: the secrets file files their raw values under the new name too.
  await context.secrets?.moveUser(change.before.username, name);
}

/**
 * A team renamed in place (`PUT /teams/{id}` with `Name`). Portainer does not
 * check that the name is free, so the teams are read again just before: a
 * team of that name made since the plan stops the rename rather than leave
 * two teams one name.
 */
export async function renameTeam(change: TeamRenameChange, context: ApplyContext): Promise<void> {
  const name = change.after.name;
  const namesake = (await context.client.listTeams()).find((team) => team.id !== change.teamId && foldUsername(team.name) === foldUsername(name));
  if (namesake) throw new ApplyError({ code: 'rename-taken', what: 'team', name, previous: change.before.name });
  try {
    await context.client.renameTeam(change.teamId, name);
  } catch (error) {
    await settleUnknownOutcome(error, change, context.notes, async () => (await context.client.listTeams()).some((team) => team.id === change.teamId && team.name === name));
  }
  context.teamIds.set(foldUsername(name), change.teamId);
}
