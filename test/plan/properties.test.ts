import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diff, foldUsername, phaseOf } from '../../src/plan/index.js';
import type { DesiredState, DesiredUser, ObservedApiKey, ObservedState, ObservedUser, PlanBody } from '../../src/plan/index.js';
import { simulateApply } from '../support/simulate.js';
import { DAY, NOW, desiredKey, planContext } from '../support/state-builders.js';

/**
 * Random manifests against random servers, kept where a plan has no errors or
 * warnings: passwords given and long enough, nothing protected, no maxDeletes,
 * and the initial admin (also the identity the tool runs as) listed as admin.
 */
// Names that are also names of JavaScript's objects are names like any other.
const NAMES = ['alice', 'bob', 'carol', 'dave', '__proto__', 'constructor', 'toString'];
const DESCRIPTIONS = ['ci', 'deploy', '__proto__', 'hasOwnProperty'];
const context = planContext({ runningAs: 'admin' });

/** A spelling of the name in random case: case never matters to Portainer. */
const spelling = (name: string) =>
  fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((upper) =>
    [...name].map((character, index) => (upper[index] ? character.toUpperCase() : character)).join(''),
  );

const role = fc.constantFrom('admin' as const, 'standard' as const);

const desiredKeys = fc.option(
  fc.subarray(DESCRIPTIONS).chain((descriptions) =>
    fc.tuple(...descriptions.map((description) => fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }).map((days) => desiredKey(description, days)))),
  ),
  { nil: undefined },
);

const desiredUserOf = (name: string, bootstrap: boolean) =>
  fc.record({ username: spelling(name), role: bootstrap ? fc.constant('admin' as const) : role, apiKeys: desiredKeys }).map((user): DesiredUser => ({
    username: user.username,
    role: user.role,
    password: { given: true, length: 16 },
    ...(user.apiKeys === undefined ? {} : { apiKeys: user.apiKeys }),
    ...(bootstrap ? { bootstrapAdmin: true } : {}),
  }));

const desiredStates: fc.Arbitrary<DesiredState> = fc
  .tuple(desiredUserOf('admin', true), fc.subarray(NAMES).chain((names) => fc.tuple(...names.map((name) => desiredUserOf(name, false)))), fc.boolean())
  .map(([admin, others, prune]) => ({ users: [admin, ...others], prune: { users: prune, protect: [] } }));

const observedKeys = fc.array(
  fc.record({ description: fc.constantFrom(...DESCRIPTIONS), ageDays: fc.integer({ min: 0, max: 200 }) }),
  { maxLength: 4 },
);

const observedStates: fc.Arbitrary<ObservedState> = fc
  .tuple(
    fc.boolean(), // a fresh server?
    spelling('admin'),
    observedKeys,
    fc.subarray(NAMES).chain((names) => fc.tuple(...names.map((name) => fc.tuple(spelling(name), role, observedKeys)))),
  )
  .map(([fresh, adminName, adminKeys, others]) => {
    if (fresh) return { adminExists: false, users: [] };
    let keyId = 0;
    const keys = (list: { description: string; ageDays: number }[]): ObservedApiKey[] =>
      list.map((key) => ({ id: ++keyId, description: key.description, dateCreated: NOW - key.ageDays * DAY }));
    const users: ObservedUser[] = [
      { id: 1, username: adminName, role: 'admin', apiKeys: keys(adminKeys) },
      ...others.map(([username, userRole, userKeys], index) => ({ id: index + 2, username, role: userRole, apiKeys: keys(userKeys) })),
    ];
    return { adminExists: true, users };
  });

const folded = (users: readonly { username: string }[]) => users.map((user) => foldUsername(user.username)).sort();

function expectPhaseOrder(body: PlanBody): void {
  for (let index = 1; index < body.changes.length; index += 1) {
    const previous = body.changes[index - 1]!;
    const current = body.changes[index]!;
    const order = phaseOf(previous) - phaseOf(current) || (previous.address < current.address ? -1 : 1);
    expect(order, `${previous.address} before ${current.address}`).toBeLessThan(0);
  }
}

describe('plan properties', () => {
  it('plans without errors or warnings in the safe space', () => {
    fc.assert(
      fc.property(desiredStates, observedStates, (desired, observed) => {
        const body = diff(desired, observed, context);
        expect(body.problems).toEqual([]);
        expect(body.held).toEqual([]);
      }),
    );
  });

  it('applying the plan yields the desired users, roles and key descriptions', () => {
    fc.assert(
      fc.property(desiredStates, observedStates, (desired, observed) => {
        const after = simulateApply(observed, diff(desired, observed, context).changes, NOW);
        const byName = new Map(after.users.map((user) => [foldUsername(user.username), user]));
        for (const user of desired.users) {
          const result = byName.get(foldUsername(user.username));
          expect(result?.role).toBe(user.role);
          if (user.apiKeys) expect((result?.apiKeys ?? []).map((key) => key.description).sort()).toEqual(user.apiKeys.map((key) => key.description).sort());
        }
        const expected = desired.prune.users ? folded(desired.users) : [...new Set([...folded(desired.users), ...folded(observed.users)])].sort();
        expect(folded(after.users)).toEqual(expected);
      }),
    );
  });

  it('leaves unlisted users and their roles alone when prune is off', () => {
    fc.assert(
      fc.property(desiredStates, observedStates, (desired, observed) => {
        const listed = new Set(folded(desired.users));
        const keep = { ...desired, prune: { ...desired.prune, users: false } };
        const after = simulateApply(observed, diff(keep, observed, context).changes, NOW);
        for (const user of observed.users.filter((candidate) => !listed.has(foldUsername(candidate.username)))) {
          expect(after.users.find((candidate) => candidate.id === user.id)).toEqual(user);
        }
      }),
    );
  });

  it('plans no changes against the state its own plan produces', () => {
    fc.assert(
      fc.property(desiredStates, observedStates, (desired, observed) => {
        const after = simulateApply(observed, diff(desired, observed, context).changes, NOW);
        expect(diff(desired, after, context).changes).toEqual([]);
      }),
    );
  });

  it('keeps the apply order: phase by phase, by address within a phase', () => {
    fc.assert(fc.property(desiredStates, observedStates, (desired, observed) => expectPhaseOrder(diff(desired, observed, context))));
  });

  it("gives the same plan whatever order the server lists users and keys in", () => {
    fc.assert(
      fc.property(desiredStates, observedStates, fc.infiniteStream(fc.nat()), (desired, observed, seeds) => {
        const random = seeds[Symbol.iterator]();
        const shuffle = <T>(items: readonly T[]): T[] => items.map((item) => ({ item, sort: random.next().value as number })).sort((a, b) => a.sort - b.sort).map(({ item }) => item);
        const shuffled = { ...observed, users: shuffle(observed.users).map((user) => ({ ...user, apiKeys: shuffle(user.apiKeys ?? []) })) };
        expect(JSON.stringify(diff(desired, shuffled, context))).toBe(JSON.stringify(diff(desired, observed, context)));
      }),
    );
  });
});
