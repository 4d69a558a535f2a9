import type { PathSegment } from './locate.js';

/**
 * Every place a manifest says "this user is in this team, with this role":
 * a top-level team's `leaders` and `members`, and each user's `teams`. The
 * rules (contradictions) and the merge into desired teams both read this one
 * list, so they cannot disagree about what the manifest says. It reads raw
 * data and skips what is malformed; the schema reports that.
 */

export type ClaimedRole = 'leader' | 'member';

export interface TeamClaim {
  team: string;
  username: string;
  role: ClaimedRole;
  /** Where the claim is written: the username in a team's list, or the entry in a user's `teams`. */
  path: PathSegment[];
}

export interface ListedTeam {
  name: string;
  path: PathSegment[];
}

/** The names in the top-level `teams` list, in order. */
export function listedTeams(data: Record<string, unknown>): ListedTeam[] {
  const teams = data['teams'];
  if (!Array.isArray(teams)) return [];
  return teams.flatMap((team: unknown, index): ListedTeam[] => {
    const name = isRecord(team) ? team['name'] : undefined;
    return isName(name) ? [{ name, path: ['teams', index, 'name'] }] : [];
  });
}

/** Claims in reading order: the top-level `teams` list first, then users' `teams`. */
export function teamClaims(data: Record<string, unknown>): TeamClaim[] {
  return [...topLevelClaims(data), ...userClaims(data)];
}

function topLevelClaims(data: Record<string, unknown>): TeamClaim[] {
  const teams = data['teams'];
  if (!Array.isArray(teams)) return [];
  return teams.flatMap((team: unknown, index): TeamClaim[] => {
    if (!isRecord(team) || !isName(team['name'])) return [];
    const name = team['name'];
    const listed = (key: 'leaders' | 'members', role: ClaimedRole): TeamClaim[] => {
      const usernames = team[key];
      if (!Array.isArray(usernames)) return [];
      return usernames.flatMap((username: unknown, position): TeamClaim[] =>
        isName(username) ? [{ team: name, username, role, path: ['teams', index, key, position] }] : [],
      );
    };
    return [...listed('leaders', 'leader'), ...listed('members', 'member')];
  });
}

// A loop, not flatMap: most users of a large manifest name no team, and this runs twice per plan.
function userClaims(data: Record<string, unknown>): TeamClaim[] {
  const users = data['users'];
  const claims: TeamClaim[] = [];
  if (!Array.isArray(users)) return claims;
  for (let index = 0; index < users.length; index += 1) {
    const user: unknown = users[index];
    if (!isRecord(user) || !Array.isArray(user['teams']) || !isName(user['username'])) continue;
    const username = user['username'];
    user['teams'].forEach((entry: unknown, position) => {
      const path = ['users', index, 'teams', position];
      if (isName(entry)) return void claims.push({ team: entry, username, role: 'member', path });
      if (!isRecord(entry) || !isName(entry['name'])) return;
      const role = entry['role'] ?? 'member';
      if (role === 'leader' || role === 'member') claims.push({ team: entry['name'], username, role, path });
    });
  }
  return claims;
}


function isName(value: unknown): value is string {
  return typeof value === 'string' && /\S/.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
