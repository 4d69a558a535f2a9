/** Portainer's team roles (portainer.MembershipRole): 1 leader, 2 member. */
export const TEAM_LEADER = 1;
export const TEAM_MEMBER = 2;
export type TeamRole = typeof TEAM_LEADER | typeof TEAM_MEMBER;

export interface StoredTeam {
  readonly id: number;
  name: string;
}

/**
 * Portainer checks nothing on the ids of a membership (teammembership_create.go
 * and team_create.go store whatever ids they are given), so a membership may
 * name a user or team that does not exist.
 */
export interface StoredMembership {
  readonly id: number;
  userId: number;
  teamId: number;
  role: TeamRole;
}

/** Go's strings.EqualFold, as TeamByName compares (dataservices/team TeamByName). */
export function sameTeamName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The `teams` and `team_membership` buckets. Ids come from their own sequences
 * and are never reused; lists come back in id order, as BoltDB iterates keys.
 */
export class TeamStore {
  readonly #teams = new Map<number, StoredTeam>();
  readonly #memberships = new Map<number, StoredMembership>();
  #nextTeamId = 1;
  #nextMembershipId = 1;

  /** Stored with the name as given: unlike usernames, team names keep their case. */
  createTeam(name: string): StoredTeam {
    const team: StoredTeam = { id: this.#nextTeamId++, name };
    this.#teams.set(team.id, team);
    return team;
  }

  team(id: number): StoredTeam | undefined {
    return this.#teams.get(id);
  }

  /** The first team (by id) whose name matches case-insensitively. */
  teamByName(name: string): StoredTeam | undefined {
    return this.teams().find((team) => sameTeamName(team.name, name));
  }

  teams(): StoredTeam[] {
    return [...this.#teams.values()].sort((a, b) => a.id - b.id);
  }

  /** team_delete.go: the team, then every membership naming it. */
  deleteTeam(id: number): void {
    this.#teams.delete(id);
    for (const membership of this.membershipsOfTeam(id)) this.#memberships.delete(membership.id);
  }

  createMembership(userId: number, teamId: number, role: TeamRole): StoredMembership {
    const membership: StoredMembership = { id: this.#nextMembershipId++, userId, teamId, role };
    this.#memberships.set(membership.id, membership);
    return membership;
  }

  membership(id: number): StoredMembership | undefined {
    return this.#memberships.get(id);
  }

  memberships(): StoredMembership[] {
    return [...this.#memberships.values()].sort((a, b) => a.id - b.id);
  }

  membershipsOfUser(userId: number): StoredMembership[] {
    return this.memberships().filter((membership) => membership.userId === userId);
  }

  membershipsOfTeam(teamId: number): StoredMembership[] {
    return this.memberships().filter((membership) => membership.teamId === teamId);
  }

  deleteMembership(id: number): void {
    this.#memberships.delete(id);
  }

  /** user_delete.go removes the user's memberships with it (DeleteTeamMembershipByUserID). */
  deleteMembershipsOfUser(userId: number): void {
    for (const membership of this.membershipsOfUser(userId)) this.#memberships.delete(membership.id);
  }
}
