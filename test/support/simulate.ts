/**
 * A pure stand-in for apply: what Portainer would hold after each change of a
 * plan, in plan order. It throws where Portainer would fail (a key for a user
 * not yet created, a user created twice), so an ordering bug fails a test.
 */
import type { AccessChange, Change, ObservedState, ObservedTeam, ObservedUser } from '../../src/plan/types/index.js';
import { assertNever } from '../../src/plan/types/index.js';

export function simulateApply(observed: ObservedState, changes: readonly Change[], now: number): ObservedState {
  const state = structuredClone(observed);
  const ids = {
    user: Math.max(0, ...state.users.map((u) => u.id)),
    key: maxKeyId(state),
    team: Math.max(0, ...(state.teams ?? []).map((team) => team.id)),
    membership: Math.max(0, ...(state.teams ?? []).flatMap((team) => team.members.map((member) => member.membershipId))),
  };
  for (const change of changes) applyOne(state, change, now, ids);
  return state;
}

type Ids = { user: number; key: number; team: number; membership: number };

function applyOne(state: ObservedState, change: Change, now: number, ids: Ids): void {
  switch (change.kind) {
    case 'admin-init':
      if (state.adminExists) throw new Error('admin init on a server with an admin');
      state.adminExists = true;
      return addUser(state, change.after.username, 'admin', ids);
    case 'user':
      if (change.action === 'create') return addUser(state, change.after.username, change.after.role, ids);
      if (change.action === 'update') {
        if ('username' in change.after) return renameUser(state, change.userId, change.after.username);
        userById(state, change.userId).role = change.after.role;
        return;
      }
      userById(state, change.userId);
      state.users = state.users.filter((user) => user.id !== change.userId);
      // Portainer deletes the user's memberships with it, and (2.45) its grants.
      for (const team of state.teams ?? []) team.members = team.members.filter((member) => member.userId !== change.userId);
      for (const holder of state.access?.holders ?? []) holder.users = holder.users.filter((grant) => grant.id !== change.userId);
      return;
    case 'api-key': {
      const owner = change.action === 'create' ? userByName(state, change.username) : userById(state, change.userId);
      const keys = owner.apiKeys ?? [];
      if (change.action !== 'create') {
        if (!keys.some((key) => key.id === change.keyId)) throw new Error(`no key ${change.keyId} on ${owner.username}`);
        owner.apiKeys = keys.filter((key) => key.id !== change.keyId);
      }
      if (change.action !== 'delete') {
        ids.key += 1;
        owner.apiKeys = [...(owner.apiKeys ?? []), { id: ids.key, description: change.after.description, dateCreated: now }];
      }
      return;
    }
    case 'team':
      if (change.action === 'create') {
        if (teamByName(state, change.after.name)) throw new Error(`team ${change.after.name} already exists`);
        ids.team += 1;
        state.teams = [...(state.teams ?? []), { id: ids.team, name: change.after.name, members: [] }];
        return;
      }
      if (change.action === 'update') {
        // Portainer does not check; a plan that would leave two teams one name is a planner bug.
        const namesake = teamByName(state, change.after.name);
        if (namesake && namesake.id !== change.teamId) throw new Error(`team ${change.after.name} already exists`);
        teamById(state, change.teamId).name = change.after.name;
        return;
      }
      teamById(state, change.teamId);
      state.teams = (state.teams ?? []).filter((team) => team.id !== change.teamId);
      for (const holder of state.access?.holders ?? []) holder.teams = holder.teams.filter((grant) => grant.id !== change.teamId);
      return;
    case 'user-password':
      return; // Passwords are not part of the observed state the simulation keeps.
    case 'team-membership': {
      if (change.action === 'create') {
        const team = teamByName(state, change.team);
        if (!team) throw new Error(`no team ${change.team} (yet)`);
        const user = userByName(state, change.username);
        if (team.members.some((member) => member.userId === user.id)) throw new Error(`${user.username} is already in ${team.name}`);
        ids.membership += 1;
        team.members.push({ membershipId: ids.membership, userId: user.id, username: user.username, role: change.after.role });
        return;
      }
      const team = teamById(state, change.teamId);
      const membership = team.members.find((member) => member.membershipId === change.membershipId);
      if (!membership) throw new Error(`no membership ${change.membershipId} in ${team.name}`);
      if (change.action === 'update') membership.role = change.after.role;
      else team.members = team.members.filter((member) => member !== membership);
      return;
    }
    case 'environment-access':
    case 'group-access':
      return applyGrant(state, change);
    default:
      return assertNever(change);
  }
}

/** One grant of an environment's or group's map; a user or team created earlier in the plan is found by name. */
function applyGrant(state: ObservedState, change: AccessChange): void {
  const scope = change.kind === 'environment-access' ? 'environment' : 'group';
  const holder = state.access?.holders.find((candidate) => candidate.scope === scope && candidate.id === change.resourceId);
  if (!holder) throw new Error(`no ${scope} with Id ${change.resourceId}`);
  const id = change.principalId ?? (change.principal === 'user' ? userByName(state, change.name).id : teamByName(state, change.name)?.id);
  if (id === undefined) throw new Error(`no team ${change.name} (yet)`);
  const key = change.principal === 'user' ? 'users' : 'teams';
  const others = holder[key].filter((grant) => grant.id !== id);
  holder[key] = change.action === 'delete' ? others : [...others, { id, roleId: change.after.roleId }].sort((a, b) => a.id - b.id);
}

function teamByName(state: ObservedState, name: string): ObservedTeam | undefined {
  return (state.teams ?? []).find((team) => team.name.toLowerCase() === name.toLowerCase());
}

function teamById(state: ObservedState, id: number): ObservedTeam {
  const team = (state.teams ?? []).find((candidate) => candidate.id === id);
  if (!team) throw new Error(`no team with Id ${id}`);
  return team;
}

/** Portainer stores created usernames lower-cased and refuses a name that exists in any case. */
function addUser(state: ObservedState, username: string, role: ObservedUser['role'], ids: Ids): void {
  if (state.users.some((user) => user.username.toLowerCase() === username.toLowerCase())) {
    throw new Error(`user ${username} already exists`);
  }
  ids.user += 1;
  state.users.push({ id: ids.user, username: username.toLowerCase(), role, apiKeys: [] });
}

/** PUT /users/{id} with a username: 409 when another user has it in any case; stored as sent; memberships follow the Id. */
function renameUser(state: ObservedState, id: number, username: string): void {
  const user = userById(state, id);
  if (state.users.some((other) => other.id !== id && other.username.toLowerCase() === username.toLowerCase())) throw new Error(`user ${username} already exists`);
  user.username = username;
  for (const team of state.teams ?? []) for (const member of team.members) if (member.userId === id) member.username = username;
}

function userById(state: ObservedState, id: number): ObservedUser {
  const user = state.users.find((candidate) => candidate.id === id);
  if (!user) throw new Error(`no user with Id ${id}`);
  return user;
}

function userByName(state: ObservedState, username: string): ObservedUser {
  const user = state.users.find((candidate) => candidate.username.toLowerCase() === username.toLowerCase());
  if (!user) throw new Error(`no user ${username} (yet)`);
  return user;
}

function maxKeyId(state: ObservedState): number {
  return Math.max(0, ...state.users.flatMap((user) => (user.apiKeys ?? []).map((key) => key.id)));
}
