import type { EmulatorStore, StoredUser } from '../stores/store.js';
import { TEAM_LEADER, TEAM_MEMBER, type StoredTeam } from '../stores/team-store.js';
import type { EmulatorTeamView, SeedTeam } from '../types.js';

/**
 * Teams changed behind the tool's back (seed, drift tests): straight into the
 * store, with Portainer's side effects (memberships go with their team). Names
 * of teams and users are matched ignoring case, as Portainer matches them.
 */
export function applySeedTeams(store: EmulatorStore, teams: SeedTeam[] | undefined): void {
  for (const seedTeam of teams ?? []) {
    addTeam(store, seedTeam.name);
    for (const username of seedTeam.leaders ?? []) addMembership(store, seedTeam.name, username, 'leader');
    for (const username of seedTeam.members ?? []) addMembership(store, seedTeam.name, username, 'member');
  }
}

export function addTeam(store: EmulatorStore, name: string): number {
  if (name === '') throw new Error('emulator: a team needs a name');
  const holder = store.teams.teamByName(name);
  if (holder !== undefined) {
    throw new Error(`emulator: a team named "${holder.name}" already exists (team names ignore case)`);
  }
  return store.teams.createTeam(name).id;
}

export function removeTeam(store: EmulatorStore, name: string): void {
  store.deleteTeam(existingTeam(store, name).id);
}

/** One membership per user and team, as POST /team_memberships insists; change a role by removing first. */
export function addMembership(store: EmulatorStore, teamName: string, username: string, role: 'leader' | 'member'): void {
  const team = existingTeam(store, teamName);
  const user = existingUser(store, username);
  if (membershipsOf(store, team, user).length > 0) {
    throw new Error(`emulator: "${user.username}" is already in team "${team.name}" (remove the membership first to change its role)`);
  }
  store.teams.createMembership(user.id, team.id, role === 'leader' ? TEAM_LEADER : TEAM_MEMBER);
}

/** Removes every membership of that user in that team (the API can make more than one). */
export function removeMembership(store: EmulatorStore, teamName: string, username: string): void {
  const team = existingTeam(store, teamName);
  const user = existingUser(store, username);
  const memberships = membershipsOf(store, team, user);
  if (memberships.length === 0) throw new Error(`emulator: "${user.username}" is not in team "${team.name}"`);
  for (const membership of memberships) store.teams.deleteMembership(membership.id);
}

export function listTeams(store: EmulatorStore): EmulatorTeamView[] {
  return store.teams.teams().map((team) => ({
    id: team.id,
    name: team.name,
    members: store.teams.membershipsOfTeam(team.id).map((membership) => ({
      userId: membership.userId,
      username: store.user(membership.userId)?.username ?? '',
      role: membership.role === TEAM_LEADER ? 'leader' : 'member',
    })),
  }));
}

function membershipsOf(store: EmulatorStore, team: StoredTeam, user: StoredUser) {
  return store.teams.membershipsOfTeam(team.id).filter((membership) => membership.userId === user.id);
}

function existingTeam(store: EmulatorStore, name: string): StoredTeam {
  const team = store.teams.teamByName(name);
  if (team === undefined) throw new Error(`emulator: no team named "${name}"`);
  return team;
}

function existingUser(store: EmulatorStore, username: string): StoredUser {
  const user = store.userByUsername(username);
  if (user === undefined) throw new Error(`emulator: no user named "${username}"`);
  return user;
}
