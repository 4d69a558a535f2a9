import { afterEach } from 'vitest';
import type { Team } from '../../src/portainer/index.js';
import { againstRealPortainer, created, type Target } from './target.js';

// Against a real Portainer the target removes only users; the teams a test made go here.
const madeTeams: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const remove of madeTeams.splice(0).reverse()) await remove();
});

/** Creates a team through the API (removed after the test on a real server). */
export async function makeTeam(target: Target, base: string, leaderIds?: number[]): Promise<Team> {
  const client = target.adminClient();
  const team = created(await client.createTeam(target.name(base), leaderIds));
  if (againstRealPortainer) madeTeams.push(() => client.deleteTeam(team.id).then(() => undefined, () => undefined));
  return team;
}
