import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diff, phaseOf } from '../../src/plan/index.js';
import type { DesiredState, DesiredUser, ObservedState, ObservedUser } from '../../src/plan/index.js';
import { simulateApply } from '../support/simulate.js';
import { NOW, adminBlock, desiredKey, desiredUser, observedKey, planContext } from '../support/state-builders.js';

/**
 * Random renames (`previously`) mixed with creates, deletes and prune. The
 * plan never deletes a user whose name is on a `previously`, whatever else it
 * finds. Where the manifest is one a person could mean (no new name the
 * server has already), the plan has no errors, keeps every renamed user's Id,
 * keys and team memberships, and converges in one apply.
 */
const SERVER_NAMES = ['ann', 'ben', 'cat', 'dan', 'eve'];
// Enough for every server user renamed and the most creates (5 + 2).
const NEW_NAMES = ['anna', 'benji', 'cathy', 'daniel', 'evelyn', 'fay', 'gus'];
const context = planContext({ runningAs: 'admin' });

interface World {
  desired: DesiredState;
  observed: ObservedState;
  /** Old name -> new name, for the users the manifest renames. */
  renames: Map<string, string>;
  previousNames: Set<string>;
  /** The server has a new name already (`rename.name-taken`): the plan is an error. */
  conflict: boolean;
}

const worlds: fc.Arbitrary<World> = fc
  .record({
    onServer: fc.subarray(SERVER_NAMES, { minLength: 1 }),
    // Per server user: kept as it is, renamed, or left out of the manifest.
    fates: fc.array(fc.constantFrom('keep', 'rename', 'drop'), { minLength: SERVER_NAMES.length, maxLength: SERVER_NAMES.length }),
    creates: fc.nat(2),
    // An earlier name the server does not have (a rename made long ago): harmless.
    staleEarlierName: fc.boolean(),
    prune: fc.boolean(),
    upperCase: fc.boolean(),
    taken: fc.boolean(),
  })
  .map(({ onServer, fates, creates, staleEarlierName, prune, upperCase, taken }) => {
    const observedUsers: ObservedUser[] = [
      { id: 1, username: 'admin', role: 'admin', apiKeys: [] },
      ...onServer.map((username, index): ObservedUser => ({ id: index + 2, username, role: 'standard', apiKeys: [observedKey(100 + index, 'deploy')] })),
    ];
    const fresh = [...NEW_NAMES];
    const renames = new Map<string, string>();
    const entries: DesiredUser[] = [adminBlock()];
    onServer.forEach((username, index) => {
      const fate = fates[index];
      if (fate === 'drop') return;
      if (fate === 'keep') return void entries.push(desiredUser(username, { apiKeys: [desiredKey('deploy')] }));
      const name = fresh.shift() as string;
      renames.set(username, name);
      // Portainer folds names: an earlier name written in another case is the same user.
      const previously = [upperCase ? username.toUpperCase() : username, ...(staleEarlierName ? [`${username}-old`] : [])];
      entries.push(desiredUser(name, { previously, path: ['users', entries.length - 1], apiKeys: [desiredKey('deploy')] }));
    });
    for (let index = 0; index < creates; index += 1) entries.push(desiredUser(fresh.shift() as string));
    const members = (names: string[]) => names.map((username) => ({ username, role: 'member' as const }));
    const teamMembers = entries.slice(1, 4).map((entry) => entry.username);
    const desired: DesiredState = {
      users: entries,
      prune: { users: prune, protect: [] },
      teams: [{ name: 'ops', members: members(teamMembers) }],
    };
    const serverMembers = observedUsers.slice(1, 3).map((user, index) => ({ membershipId: 50 + index, userId: user.id, username: user.username, role: 'member' as const }));
    // Someone made a user of a new name in the UI meanwhile.
    const [firstNewName] = renames.values();
    const conflict = taken && firstNewName !== undefined;
    if (conflict) observedUsers.push({ id: 40, username: firstNewName as string, role: 'standard', apiKeys: [observedKey(140, 'deploy')] });
    const observed: ObservedState = { adminExists: true, users: observedUsers, teams: [{ id: 9, name: 'ops', members: serverMembers }] };
    const previousNames = new Set(entries.flatMap((entry) => (entry.previously ?? []).map((name) => name.toLowerCase())));
    return { desired, observed, renames, previousNames, conflict };
  });

describe('rename plan properties', () => {
  it('renames in place, never deletes an earlier name, and converges in one apply', () => {
    fc.assert(
      fc.property(worlds, ({ desired, observed, renames, previousNames, conflict }) => {
        const body = diff(desired, observed, context);
        const deleted = body.changes.flatMap((change) => (change.kind === 'user' && change.action === 'delete' ? [change.before.username.toLowerCase()] : []));
        expect(deleted.filter((name) => previousNames.has(name))).toEqual([]);
        const errors = body.problems.filter((problem) => problem.severity === 'error');
        if (conflict) {
          expect(errors.map((problem) => problem.code)).toEqual(['rename.name-taken']);
          return;
        }
        expect(errors).toEqual([]);
        for (let index = 1; index < body.changes.length; index += 1) expect(phaseOf(body.changes[index - 1]!)).toBeLessThanOrEqual(phaseOf(body.changes[index]!));
        // A renamed user's keys are its own already: no key of it is created, replaced or deleted.
        const renamedTo = new Set(renames.values());
        expect(body.changes.filter((change) => change.kind === 'api-key' && renamedTo.has(change.username))).toEqual([]);

        const after = simulateApply(observed, body.changes, NOW);
        for (const [previous, name] of renames) {
          const before = observed.users.find((user) => user.username === previous);
          expect(after.users.find((user) => user.username === name)).toMatchObject({ id: before?.id, apiKeys: before?.apiKeys });
          const wasMember = observed.teams?.[0]?.members.find((member) => member.userId === before?.id);
          if (wasMember) expect(after.teams?.[0]?.members).toContainEqual({ ...wasMember, username: name });
        }
        expect(diff(desired, after, context).changes).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
