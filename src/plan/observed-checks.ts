import { accessHolderAddress, teamAddress, userAddress } from './address.js';
import { foldUsername } from './match.js';
import { problemAt, type Problem } from './problems.js';
import type { DesiredState, ObservedState } from './types.js';

/**
 * What the server said that cannot be true of one Portainer: two users with
 * one Id, two users whose names Portainer would see as one, two teams, keys,
 * memberships, environments or environment groups with one Id, two teams of
 * a name the manifest lists. A plan made from that would send writes to the
 * wrong thing, so each is an error naming both, and nothing is applied.
 */
export function checkObservedState(observed: ObservedState, desired: DesiredState): Problem[] {
  return [...userProblems(observed), ...teamProblems(observed, desired), ...accessProblems(observed)];
}

function userProblems(observed: ObservedState): Problem[] {
  const keys = observed.users.flatMap((user) => (user.apiKeys ?? []).map((key) => ({ user, key })));
  return [
    ...duplicates(observed.users, (user) => user.id).map(([a, b]) =>
      problemAt(userAddress(b.username), { code: 'observed.duplicate-id', what: 'user', id: b.id, names: [a.username, b.username] }),
    ),
    ...duplicates(observed.users, (user) => foldUsername(user.username)).map(([a, b]) =>
      problemAt(userAddress(b.username), { code: 'observed.duplicate-name', what: 'user', names: [a.username, b.username] }),
    ),
    ...duplicates(keys, ({ key }) => key.id).map(([a, b]) =>
      problemAt(userAddress(b.user.username), { code: 'observed.duplicate-id', what: 'api-key', id: b.key.id, names: [a.key.description, b.key.description] }),
    ),
  ];
}

function teamProblems(observed: ObservedState, desired: DesiredState): Problem[] {
  const teams = observed.teams ?? [];
  const listed = new Set((desired.teams ?? []).map((team) => foldUsername(team.name)));
  const memberships = teams.flatMap((team) => team.members.map((member) => ({ team, member })));
  return [
    ...duplicates(teams, (team) => team.id).map(([a, b]) => problemAt(teamAddress(b.name), { code: 'observed.duplicate-id', what: 'team', id: b.id, names: [a.name, b.name] })),
    ...duplicates(teams.filter((team) => listed.has(foldUsername(team.name))), (team) => foldUsername(team.name)).map(([a, b]) =>
      problemAt(teamAddress(b.name), { code: 'observed.duplicate-name', what: 'team', names: [a.name, b.name] }),
    ),
    ...duplicates(memberships, ({ member }) => member.membershipId).map(([a, b]) =>
      problemAt(teamAddress(b.team.name), {
        code: 'observed.duplicate-id',
        what: 'membership',
        id: b.member.membershipId,
        names: [`${a.member.username} in ${a.team.name}`, `${b.member.username} in ${b.team.name}`],
      }),
    ),
  ];
}

/** Two environments (or groups) with one Id: a PUT to that Id would change whichever the server means. */
function accessProblems(observed: ObservedState): Problem[] {
  const holders = observed.access?.holders ?? [];
  return (['environment', 'group'] as const).flatMap((scope) =>
    duplicates(holders.filter((holder) => holder.scope === scope), (holder) => holder.id).map(([a, b]) =>
      problemAt(accessHolderAddress(scope, b.name), {
        code: 'observed.duplicate-id',
        what: scope === 'environment' ? 'environment' : 'environment-group',
        id: b.id,
        names: [a.name, b.name],
      }),
    ),
  );
}

/** Each later item whose key an earlier one has, paired with that first one. */
function duplicates<T>(items: readonly T[], key: (item: T) => string | number): [T, T][] {
  const seen = new Map<string | number, T>();
  const pairs: [T, T][] = [];
  for (const item of items) {
    const first = seen.get(key(item));
    if (first === undefined) seen.set(key(item), item);
    else pairs.push([first, item]);
  }
  return pairs;
}
