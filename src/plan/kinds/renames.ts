import { INITIAL_ADMIN_ID } from '../../limits.js';
import { teamAddress, userAddress } from '../address.js';
import { foldUsername } from '../match.js';
import { problemAt, type Problem } from '../types/problems.js';
import { INTERNAL_AUTHENTICATION, type Change, type DesiredState, type DesiredTeam, type DesiredUser, type ObservedState, type ObservedTeam, type ObservedUser } from '../types/index.js';
import { findRenames } from './rename-claims.js';

export interface RenamePlan {
  /** One `update` per user (`fields: ['username']`) and team (`fields: ['name']`) renamed in place. */
  changes: Change[];
  problems: Problem[];
  /**
   * The server as it will be once the renames are made: every later differ
   * reads this, so the rest of the plan names renamed users and teams by
   * their new names, and their keys, memberships and grants are theirs already.
   */
  observed: ObservedState;
  /** Every earlier username the manifest gives (folded): prune never deletes a user of such a name. */
  previousUsernames: Set<string>;
  /** Every earlier team name the manifest gives (folded): prune.teams never deletes a team of such a name. */
  previousTeamNames: Set<string>;
  /** Users and teams (folded names) whose `previously` is in error: `withoutUnresolved` plans no create for them. */
  unresolved: { users: Set<string>; teams: Set<string> };
}

/**
 * `previously`: a user or team the server has under an earlier name is
 * renamed in place (`PUT /users/{id}`, `PUT /teams/{id}`), so its Id, and all
 * that hangs on it, stays. Teams only when the manifest manages teams. On an
 * LDAP or OAuth Portainer a login looks the user up by name, so each user
 * rename (but user Id 1's, which logs in locally) is said: the directory
 * login must be the new name; with LDAP team sync, a team rename likewise.
 */
export function planRenames(desired: DesiredState, observed: ObservedState): RenamePlan {
  const byUsername = (user: { username: string }) => user.username;
  const byName = (team: { name: string }) => team.name;
  const users = findRenames<DesiredUser, ObservedUser>('user', { items: desired.users, nameOf: byUsername }, { items: observed.users, nameOf: byUsername }, userAddress);
  const teams = desired.teams === undefined ? undefined : findRenames<DesiredTeam, ObservedTeam>('team', { items: desired.teams, nameOf: byName }, { items: observed.teams ?? [], nameOf: byName }, teamAddress);
  const plan: RenamePlan = {
    changes: [],
    problems: [...users.problems, ...(teams?.problems ?? [])],
    observed,
    previousUsernames: users.previousNames,
    previousTeamNames: teams?.previousNames ?? new Set(),
    unresolved: { users: users.unresolved, teams: teams?.unresolved ?? new Set() },
  };
  if (users.renames.length === 0 && (teams?.renames.length ?? 0) === 0) return plan;
  const authentication = observed.authentication ?? INTERNAL_AUTHENTICATION;
  const newUsernames = new Map<number, string>();
  for (const { entry, from } of users.renames) {
    newUsernames.set(from.id, entry.username);
    const address = userAddress(entry.username);
    plan.changes.push({ address, kind: 'user', action: 'update', userId: from.id, username: entry.username, before: { username: from.username }, after: { username: entry.username }, fields: ['username'] });
    if (authentication.method !== 'internal' && from.id !== INITIAL_ADMIN_ID) {
      plan.problems.push(problemAt(address, { code: 'rename.directory-login', username: entry.username, previous: from.username, method: authentication.method }));
    }
  }
  const newTeamNames = new Map<number, string>();
  for (const { entry, from } of teams?.renames ?? []) {
    newTeamNames.set(from.id, entry.name);
    const address = teamAddress(entry.name);
    plan.changes.push({ address, kind: 'team', action: 'update', teamId: from.id, before: { name: from.name }, after: { name: entry.name }, fields: ['name'] });
    if (authentication.teamSync) plan.problems.push(problemAt(address, { code: 'rename.team-sync', team: entry.name, previous: from.name }));
  }
  plan.observed = renamedState(observed, newUsernames, newTeamNames);
  return plan;
}

/**
 * The changes without the creates of users and teams whose `previously` is in
 * error, and of their keys, memberships and grants: the plan has the error
 * already, and "will be created" would say what nobody meant.
 */
export function withoutUnresolved(changes: readonly Change[], unresolved: RenamePlan['unresolved']): Change[] {
  if (unresolved.users.size === 0 && unresolved.teams.size === 0) return [...changes];
  const user = (name: string) => unresolved.users.has(foldUsername(name));
  const team = (name: string) => unresolved.teams.has(foldUsername(name));
  return changes.filter((change) => {
    if (change.action !== 'create') return true;
    switch (change.kind) {
      case 'user':
        return !user(change.after.username);
      case 'api-key':
        return !user(change.username);
      case 'team':
        return !team(change.after.name);
      case 'team-membership':
        return !user(change.username) && !team(change.team);
      case 'environment-access':
      case 'group-access':
        return !(change.principal === 'user' ? user(change.name) : team(change.name));
      default:
        return true;
    }
  });
}

/** The observed state with the renamed users and teams under their new names (ids, keys, memberships and grants unchanged). */
function renamedState(observed: ObservedState, usernames: ReadonlyMap<number, string>, teamNames: ReadonlyMap<number, string>): ObservedState {
  const renameUser = <T extends { username: string }>(thing: T, id: number): T => {
    const username = usernames.get(id);
    return username === undefined ? thing : { ...thing, username };
  };
  return {
    ...observed,
    users: observed.users.map((user) => renameUser(user, user.id)),
    ...(observed.teams
      ? {
          teams: observed.teams.map((team) => ({
            ...team,
            name: teamNames.get(team.id) ?? team.name,
            members: team.members.map((member) => renameUser(member, member.userId)),
          })),
        }
      : {}),
  };
}
