import { foldUsername } from '../../plan/match.js';
import { formatPath } from '../format-path.js';
import type { PlaceNamer, RuleFinding } from '../messages.js';
import { listedTeams, teamClaims, type TeamClaim } from '../team-claims.js';

/**
 * Rules about teams that span several entries: one team listed twice, and a
 * user given two roles in one team. A username that the manifest does not
 * list is not a problem here: the user may exist on the server, and only the
 * planner can know.
 */
export function checkTeamRules(data: Record<string, unknown>, nameOf: PlaceNamer = formatPath): RuleFinding[] {
  return [...duplicateTeamNames(data, nameOf), ...contradictoryRoles(data, nameOf)];
}

function duplicateTeamNames(data: Record<string, unknown>, nameOf: PlaceNamer): RuleFinding[] {
  const first = new Map<string, { name: string; index: string }>();
  const findings: RuleFinding[] = [];
  for (const { name, path } of listedTeams(data)) {
    const earlier = first.get(foldUsername(name));
    if (!earlier) {
      first.set(foldUsername(name), { name, index: nameOf(path.slice(0, 2)) });
      continue;
    }
    const message =
      earlier.name === name
        ? `duplicate team name ${JSON.stringify(name)}, already in ${earlier.index}`
        : `${JSON.stringify(name)} is the same team as ${JSON.stringify(earlier.name)} in ${earlier.index} (Portainer compares team names case-insensitively)`;
    findings.push({ path, at: 'value', severity: 'error', message });
  }
  return findings;
}

/** A user is a leader or a member of a team, never both: the first claim stands and a differing one is reported. */
function contradictoryRoles(data: Record<string, unknown>, nameOf: PlaceNamer): RuleFinding[] {
  const first = new Map<string, TeamClaim>();
  const findings: RuleFinding[] = [];
  for (const claim of teamClaims(data)) {
    const key = `${foldUsername(claim.team)}\u0000${foldUsername(claim.username)}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, claim);
      continue;
    }
    if (earlier.role === claim.role) continue;
    findings.push({
      path: claim.path,
      at: 'value',
      severity: 'error',
      message:
        `${JSON.stringify(claim.username)} is a ${claim.role} of team ${JSON.stringify(claim.team)} here ` +
        `but a ${earlier.role} in ${nameOf(earlier.path)}; a user has one role in a team`,
    });
  }
  return findings;
}
