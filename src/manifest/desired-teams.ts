import type { DesiredTeam, DesiredTeamMember } from '../plan/types.js';
import type { Manifest } from './schema.js';
import { folded, listedTeams, teamClaims } from './team-claims.js';

/**
 * Both ways of writing teams merged into one list: the top-level `teams` and
 * each user's `teams`. The manifest is already checked (no contradictions),
 * so the first spelling of a team or a username stands for all of them.
 * Sorted by name, members by username, so the same manifest always gives the
 * same plan. `undefined` when the manifest names no team: teams are left alone.
 */
export function desiredTeamsOf(manifest: Manifest): DesiredTeam[] | undefined {
  const data = manifest as unknown as Record<string, unknown>;
  const listed = listedTeams(data);
  const claims = teamClaims(data);
  if (manifest.teams === undefined && claims.length === 0) return undefined;

  const teams = new Map<string, { name: string; members: Map<string, DesiredTeamMember> }>();
  const teamFor = (name: string) => {
    let team = teams.get(folded(name));
    if (!team) teams.set(folded(name), (team = { name, members: new Map() }));
    return team;
  };
  for (const { name } of listed) teamFor(name);
  for (const claim of claims) {
    const members = teamFor(claim.team).members;
    if (!members.has(folded(claim.username))) members.set(folded(claim.username), { username: claim.username, role: claim.role });
  }
  return [...teams.values()]
    .map((team) => ({ name: team.name, members: [...team.members.values()].sort((a, b) => byFoldedName(a.username, b.username)) }))
    .sort((a, b) => byFoldedName(a.name, b.name));
}

/** Case-insensitive first, then exact, so the order never depends on the locale. */
function byFoldedName(a: string, b: string): number {
  const [x, y] = [folded(a), folded(b)];
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
