import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseManifest, toDesiredState, type LoadedManifest } from '../../src/manifest/index.js';
import { patchManifest, type NotPatchedCode } from '../../src/patch/index.js';
import { diff } from '../../src/plan/index.js';
import type { DesiredState, ObservedAccess, ObservedApiKey, ObservedState, ObservedTeam, ObservedUser, PlanBody } from '../../src/plan/index.js';
import { BUSINESS_EDITION_ROLES, NOW, planContext } from '../support/state-builders.js';
import { DESCRIPTIONS, ENVIRONMENT_NAMES, manifestSpecs, manifestText, TEAM_NAMES, USER_NAMES } from './random-manifests.js';

/**
 * The promise of `drift --format patch`: for any manifest and any server,
 * a plan of the patched manifest against that server changes nothing,
 * except what the patch lists as not patched, and never for a reason it
 * could not name (`unresolved`).
 */
const context = planContext({ runningAs: 'admin' });

function desiredOf(text: string): DesiredState {
  const { manifest, issues } = parseManifest(text, 'users.yaml');
  if (!manifest) throw new Error(`not a valid manifest: ${issues.map((issue) => `${issue.line}:${issue.col} ${issue.message}`).join('; ')}\n${text}`);
  const loaded: LoadedManifest = { file: 'users.yaml', absolutePath: '/m/users.yaml', dir: '/m', digest: 'sha256:x', manifest, warnings: [] };
  return toDesiredState(loaded);
}

const replanOf = (observed: ObservedState) => (text: string): PlanBody & { desired: DesiredState } => {
  const desired = desiredOf(text);
  return { ...diff(desired, observed, context), desired };
};

/** A server drawn freely around the same names: users present or not, any role, any keys (copies too), any teams and members. */
const observedStates = (desired: DesiredState) =>
  fc
    .record({
      users: fc.subarray([...USER_NAMES, 'frank', 'gus']),
      roles: fc.array(fc.constantFrom('admin' as const, 'standard' as const), { minLength: 7, maxLength: 7 }),
      keys: fc.array(fc.array(fc.constantFrom(...DESCRIPTIONS, 'stolen'), { maxLength: 3 }), { minLength: 8, maxLength: 8 }),
      teams: fc.subarray([...TEAM_NAMES, 'legacy']),
      members: fc.array(fc.array(fc.tuple(fc.nat(7), fc.constantFrom('leader' as const, 'member' as const)), { maxLength: 4 }), { minLength: 4, maxLength: 4 }),
      refused: fc.subarray([...USER_NAMES]),
      // Portainer compares names ignoring case: the server may spell them otherwise.
      upper: fc.subarray([...USER_NAMES, 'frank', 'gus', ...TEAM_NAMES]),
      // Environment access: Business Edition or Community Edition, environments present or not, grants by id (an orphan's too) with any RoleId.
      business: fc.boolean(),
      environments: fc.subarray([...ENVIRONMENT_NAMES, 'lab']),
      grants: fc.array(
        fc.record({ users: fc.array(fc.tuple(fc.nat(8), fc.constantFrom(1, 2, 3, 4, 5, 9)), { maxLength: 4 }), teams: fc.array(fc.tuple(fc.nat(4), fc.constantFrom(1, 3, 4)), { maxLength: 3 }) }),
        { minLength: 3, maxLength: 3 },
      ),
    })
    .map((drawn): ObservedState => {
      let keyId = 0;
      const managesKeys = (username: string) => desired.users.some((user) => user.username === username && user.apiKeys !== undefined);
      const keysOf = (index: number, username: string): { apiKeys?: ObservedApiKey[] } =>
        managesKeys(username) ? { apiKeys: (drawn.keys[index] ?? []).map((description) => ({ id: ++keyId, description, dateCreated: NOW - 86_400 })) } : {};
      const users: ObservedUser[] = [
        { id: 1, username: 'admin', role: 'admin', ...keysOf(7, 'admin') },
        ...drawn.users.map((username, index) => ({
          id: index + 2,
          username: spelt(username, drawn.upper),
          role: drawn.roles[index] ?? 'standard',
          ...keysOf(index, username),
          ...(desired.verifyPasswords && desired.users.some((user) => user.username === username) ? { passwordAccepted: !drawn.refused.includes(username as never) } : {}),
        })),
      ];
      const teamIds = drawn.teams.map((name, index) => ({ id: index + 1, name: spelt(name, drawn.upper) }));
      const access = desired.access === undefined ? {} : { access: accessOf(drawn, users, teamIds, desired.teams === undefined) };
      if (desired.teams === undefined) return { adminExists: true, users, ...access };
      let membershipId = 0;
      const teams: ObservedTeam[] = drawn.teams.map((name, index) => {
        const members = new Map<number, { user: ObservedUser; role: 'leader' | 'member' }>();
        for (const [pick, role] of drawn.members[index] ?? []) {
          const user = users[pick % users.length];
          if (user) members.set(user.id, { user, role });
        }
        return {
          id: index + 1,
          name: spelt(name, drawn.upper),
          members: [...members.values()].map(({ user, role }) => ({ membershipId: ++membershipId, userId: user.id, username: user.username, role })),
        };
      });
      return { adminExists: true, users, teams, ...access };
    });

/** Grants pick users and teams by position; a position past the end is an id that is nobody (an orphan). */
function accessOf(
  drawn: { business: boolean; environments: string[]; grants: { users: [number, number][]; teams: [number, number][] }[] },
  users: ObservedUser[],
  teams: { id: number; name: string }[],
  withTeamNames: boolean,
): ObservedAccess {
  const holders = drawn.environments.map((name, index) => {
    const grant = drawn.grants[index] ?? { users: [], teams: [] };
    const byId = (picks: [number, number][], ids: number[]) => [...new Map(picks.map(([pick, roleId]) => [ids[pick] ?? 90 + pick, roleId])).entries()].map(([id, roleId]) => ({ id, roleId })).sort((a, b) => a.id - b.id);
    return { scope: 'environment' as const, id: index + 1, name, users: byId(grant.users, users.map((user) => user.id)), teams: byId(grant.teams, teams.map((team) => team.id)) };
  });
  return { holders, roles: drawn.business ? BUSINESS_EDITION_ROLES : [], ...(withTeamNames ? { teams } : {}) };
}

const spelt = (name: string, upper: readonly string[]) => (upper.includes(name) ? name.toUpperCase() : name);

const worlds = manifestSpecs.map(manifestText).chain((text) => {
  const desired = desiredOf(text);
  return fc.tuple(fc.constant(text), fc.constant(desired), observedStates(desired));
});

/** Reasons a difference may stay here; `unresolved` is never one, and these manifests have no alias (`yaml-shape`). */
const HONEST: NotPatchedCode[] = ['held', 'password', 'admin-block', 'protected', 'duplicate-key', 'member-unmanaged', 'grant-unnameable'];

describe('drift accepted into the manifest (property)', () => {
  it('leaves a plan of the patched manifest with no changes but those it lists, for random manifests and servers', () => {
    fc.assert(
      fc.property(worlds, ([text, desired, observed]) => {
        const plan = diff(desired, observed, context);
        const patch = patchManifest(text, { plan, desired, observed, takenEnvNames: [] }, replanOf(observed));
        const after = replanOf(observed)(patch.patched);
        const listed = new Set(patch.notPatched.map((item) => item.address));
        expect(patch.notPatched.map((item) => item.code).filter((code) => !HONEST.includes(code)), patch.patched).toEqual([]);
        expect(after.changes.map((change) => change.address).filter((address) => !listed.has(address)), patch.patched).toEqual([]);
        const errorsBefore = new Set(plan.problems.filter((problem) => problem.severity === 'error').map((problem) => `${problem.code} ${problem.address}`));
        const newErrors = after.problems.filter((problem) => problem.severity === 'error' && !errorsBefore.has(`${problem.code} ${problem.address}`));
        expect(newErrors, patch.patched).toEqual([]);
        // Layout: blank lines never pile up where entries were removed or added.
        expect(patch.patched.includes('\n\n\n'), patch.patched).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
