import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportManifest } from '../../src/export/index.js';
import { parseManifest, toDesiredState, type Manifest } from '../../src/manifest/index.js';
import { diff } from '../../src/plan/index.js';
import { foldUsername } from '../../src/plan/match.js';
import type { ObservedState, ObservedTeam, ObservedUser } from '../../src/plan/types/index.js';
import { initialAdmin, observedState, observedTeam, observedUser, planContext } from '../support/state-builders.js';

const admin = initialAdmin([]);
const alice = observedUser(2, 'alice', 'admin');
const bob = observedUser(3, 'Bob', 'standard', []);
const carol = observedUser(4, 'carol', 'standard', []);
const spaced = observedUser(5, 'two words', 'standard', []);

function server(teams: ObservedTeam[], users: ObservedUser[] = [admin, alice, bob, carol]): ObservedState {
  return { ...observedState(users), teams };
}

/** The header's comment as one line, whatever its wrapping. */
function header(text: string): string {
  return text.split('\n\n')[0]!.replace(/\n# /g, ' ');
}

function parsed(text: string): Manifest {
  const { manifest, issues } = parseManifest(text, 'exported.yaml');
  expect(issues.filter((issue) => issue.severity === 'error')).toEqual([]);
  return manifest as Manifest;
}

/** The round trip, without a server: the exported text read back as a manifest and planned against what it came from. */
function planOf(text: string, observed: ObservedState) {
  const manifest = parsed(text);
  const desired = toDesiredState({ file: 'exported.yaml', absolutePath: '/exported.yaml', dir: '/', digest: 'sha256:0', manifest, warnings: [] });
  return diff(desired, observed, planContext({ runningAs: 'admin' }));
}

describe('exportManifest: teams', () => {
  it('writes the teams sorted by name, usernames sorted, leaders and members apart, no empty lists', () => {
    const observed = server([
      observedTeam(1, 'ops', [[carol, 'member'], [alice, 'leader'], [bob, 'member']]),
      observedTeam(2, 'Developers', [[bob, 'leader'], [admin, 'leader']]),
      observedTeam(3, 'empty'),
      observedTeam(4, 'ALICE', [[alice, 'member']]),
    ]);
    const text = exportManifest(observed);
    expect(parsed(text).teams).toEqual([
      { name: 'ALICE', members: ['alice'] },
      { name: 'Developers', leaders: ['admin', 'Bob'] },
      { name: 'empty' },
      { name: 'ops', leaders: ['alice'], members: ['Bob', 'carol'] },
    ]);
    expect(parsed(text).prune).toMatchObject({ users: false, teams: false, memberships: true });
    expect(header(text)).toMatch(/prune.teams is off, so teams this file does not list are left alone; prune.memberships is on/);
    expect(text).toContain('teams: false # true deletes server teams this file does not list');
  });

  it('round trip: plan of the export against the same server has no changes, warnings or errors', () => {
    const observed = server([
      observedTeam(1, 'ops', [[carol, 'member'], [alice, 'leader']]),
      observedTeam(2, 'bob', [[bob, 'leader'], [admin, 'member']]),
      observedTeam(3, 'empty'),
    ]);
    expect(planOf(exportManifest(observed), observed)).toMatchObject({ changes: [], problems: [], held: [] });
  });

  it('writes no teams key for a server without teams, so the manifest leaves teams alone', () => {
    for (const observed of [server([]), observedState([admin, bob])]) {
      const text = exportManifest(observed);
      expect(parsed(text).teams).toBeUndefined();
      expect(text).not.toMatch(/team/i);
      expect(parsed(text).prune).toMatchObject({ users: false, teams: false, memberships: true });
      expect(text).toContain('prune:\n  users: false');
      expect(text).not.toMatch(/^\s+(teams|memberships):/m);
    }
  });

  it('leaves out a member whose user is left out, with a note, and turns prune.memberships off so plan keeps it', () => {
    const observed = server([observedTeam(1, 'ops', [[spaced, 'leader'], [carol, 'member']])], [admin, alice, bob, carol, spaced]);
    const text = exportManifest(observed);
    expect(parsed(text).teams).toEqual([{ name: 'ops', members: ['carol'] }]);
    expect(parsed(text).prune.memberships).toBe(false);
    expect(header(text)).toContain('Note: user Id 5 is left out of team "ops", as it is left out of the users');
    expect(header(text)).toMatch(/prune.memberships is off because some members cannot be listed/);
    expect(planOf(text, observed)).toMatchObject({ changes: [], applyable: true });
  });

  it('leaves out, with a note, a team whose name is only spaces, and teams whose names differ only in case', () => {
    const observed = server([
      observedTeam(1, '  ', [[bob, 'member']]),
      observedTeam(2, 'Ops', [[bob, 'member']]),
      observedTeam(3, 'ops', [[carol, 'member']]),
      observedTeam(4, 'dev', [[carol, 'leader']]),
    ]);
    const text = exportManifest(observed);
    expect(parsed(text).teams).toEqual([{ name: 'dev', leaders: ['carol'] }]);
    expect(header(text)).toContain('Note: team Id 1 is left out: its name "  " is empty or only spaces');
    expect(header(text)).toMatch(/Note: team Id 2 is left out: its name "Ops" is the name of another team when case is ignored/);
    expect(text).toMatch(/Note: team Id 3 is left out/);
    expect(planOf(text, observed)).toMatchObject({ changes: [], applyable: true });
  });

  it('lists a user with several memberships in one team once, in the role plan compares with', () => {
    const team: ObservedTeam = {
      id: 1,
      name: 'ops',
      members: [
        { membershipId: 10, userId: bob.id, username: bob.username, role: 'leader' },
        { membershipId: 11, userId: bob.id, username: bob.username, role: 'member' },
      ],
    };
    const observed = server([team]);
    const text = exportManifest(observed);
    expect(parsed(text).teams).toEqual([{ name: 'ops', members: ['Bob'] }]);
    expect(header(text)).toMatch(/Note: Bob has several memberships in team "ops" with different roles; it is listed as a member/);
    expect(planOf(text, observed)).toMatchObject({ changes: [], applyable: true });
  });

  it('quotes team names YAML would read as something else', () => {
    const observed = server([observedTeam(1, 'null', [[bob, 'member']]), observedTeam(2, 'a: b #c'), observedTeam(3, '007')]);
    const text = exportManifest(observed);
    expect(parsed(text).teams?.map((team) => team.name)).toEqual(['007', 'a: b #c', 'null']);
    expect(planOf(text, observed)).toMatchObject({ changes: [], applyable: true });
  });
});

describe('exportManifest: teams round trip, for any server', () => {
  /** Names from a small alphabet, so case-only differences, spaces and YAML-looking names come up often. */
  const name = fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'B', ' ', ':', '#', '1', 'ß', 'ſ', 's'), minLength: 0, maxLength: 4 });

  const serverArbitrary = fc
    .record({
      usernames: fc.uniqueArray(name, { selector: foldUsername, maxLength: 6 }),
      teams: fc.array(fc.record({ name, members: fc.array(fc.tuple(fc.nat(7), fc.boolean()), { maxLength: 6 }) }), { maxLength: 5 }),
    })
    .map(({ usernames, teams }): ObservedState => {
      const users = [admin, ...usernames.filter((username) => foldUsername(username) !== 'admin').map((username, index) => observedUser(index + 2, username, 'standard', []))];
      return {
        ...observedState(users),
        teams: teams.map((team, index) => ({
          id: index + 1,
          name: team.name,
          members: team.members.flatMap(([pick, leader], position) => {
            const user = users[pick % users.length]!;
            return [{ membershipId: (index + 1) * 100 + position, userId: user.id, username: user.username, role: leader ? ('leader' as const) : ('member' as const) }];
          }),
        })),
      };
    });

  it('plans no change and finds no error, whatever the names, duplicates and left-out members', () => {
    fc.assert(
      fc.property(serverArbitrary, (observed) => {
        const plan = planOf(exportManifest(observed), observed);
        expect(plan.applyable).toBe(true);
        expect(plan.changes).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
