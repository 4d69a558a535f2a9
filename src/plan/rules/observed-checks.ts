import { teamAddress, userAddress } from '../address.js';
import { foldUsername } from '../match.js';
import { problemAt, type Problem } from '../types/problems.js';
import type { DesiredState, ObservedState } from '../types/index.js';

/**
 * What the server said that cannot be true of one Portainer: two users with
 * one Id, two users whose names Portainer would see as one, two teams, keys
 * or memberships with one Id, two teams of a name the manifest lists. A plan
 * made from that would send writes to the wrong thing, so each is an error
 * naming both, and nothing is applied.
 */
export function checkObservedState(observed: ObservedState, desired: DesiredState): Problem[] {
  const problems: Problem[] = [];
  const duplicates = <T>(items: readonly T[], key: (item: T) => string | number, report: (first: T, second: T) => void) => {
    const seen = new Map<string | number, T>();
    for (const item of items) {
      const first = seen.get(key(item));
      if (first === undefined) seen.set(key(item), item);
      else report(first, item);
    }
  };
  duplicates(observed.users, (user) => user.id, (a, b) =>
    problems.push(problemAt(userAddress(b.username), { code: 'observed.duplicate-id', what: 'user', id: b.id, names: [a.username, b.username] })),
  );
  duplicates(observed.users, (user) => foldUsername(user.username), (a, b) =>
    problems.push(problemAt(userAddress(b.username), { code: 'observed.duplicate-name', what: 'user', names: [a.username, b.username] })),
  );
  const keys = observed.users.flatMap((user) => (user.apiKeys ?? []).map((key) => ({ user, key })));
  duplicates(keys, ({ key }) => key.id, (a, b) =>
    problems.push(
      problemAt(userAddress(b.user.username), { code: 'observed.duplicate-id', what: 'api-key', id: b.key.id, names: [a.key.description, b.key.description] }),
    ),
  );
  const teams = observed.teams ?? [];
  duplicates(teams, (team) => team.id, (a, b) =>
    problems.push(problemAt(teamAddress(b.name), { code: 'observed.duplicate-id', what: 'team', id: b.id, names: [a.name, b.name] })),
  );
  const listed = new Set((desired.teams ?? []).map((team) => foldUsername(team.name)));
  duplicates(teams.filter((team) => listed.has(foldUsername(team.name))), (team) => foldUsername(team.name), (a, b) =>
    problems.push(problemAt(teamAddress(b.name), { code: 'observed.duplicate-name', what: 'team', names: [a.name, b.name] })),
  );
  const memberships = teams.flatMap((team) => team.members.map((member) => ({ team, member })));
  duplicates(memberships, ({ member }) => member.membershipId, (a, b) =>
    problems.push(
      problemAt(teamAddress(b.team.name), {
        code: 'observed.duplicate-id',
        what: 'membership',
        id: b.member.membershipId,
        names: [`${a.member.username} in ${a.team.name}`, `${b.member.username} in ${b.team.name}`],
      }),
    ),
  );
  return problems;
}
