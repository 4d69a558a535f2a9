import { compareFolded, foldUsername } from '../../plan/match.js';
import type { DesiredTeam, DesiredTeamMember } from '../../plan/types/index.js';
import type { Manifest } from '../schema.js';
import { listedTeams, teamClaims } from '../team-claims.js';

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

  const teams = new Map<string, { name: string; members: Map<string, DesiredTeamMember>; previously?: string[]; path?: (string | number)[] }>();
  const teamFor = (name: string) => {
    let team = teams.get(foldUsername(name));
    if (!team) teams.set(foldUsername(name), (team = { name, members: new Map() }));
    return team;
  };
  for (const { name, path } of listed) {
    const team = teamFor(name);
    // The first listing of a name stands for it (a second is an error of the manifest's).
    if (team.previously) continue;
    const previously = (manifest.teams ?? [])[path[1] as number]?.previously;
    if (previously && previously.length > 0) Object.assign(team, { previously: [...previously], path: path.slice(0, 2) });
  }
  for (const claim of claims) {
    const members = teamFor(claim.team).members;
    if (!members.has(foldUsername(claim.username))) members.set(foldUsername(claim.username), { username: claim.username, role: claim.role });
  }
  return [...teams.values()]
    .map((team) => ({
      name: team.name,
      members: [...team.members.values()].sort((a, b) => compareFolded(a.username, b.username)),
      ...(team.previously ? { previously: team.previously } : {}),
      ...(team.path ? { path: team.path } : {}),
    }))
    .sort((a, b) => compareFolded(a.name, b.name));
}
