/** Plain desired and observed states for the planner's tests, each built in a line. */
import { makePlan } from '../../src/plan-format/index.js';
import type { Plan } from '../../src/plan/index.js';
import type {
  DesiredApiKey,
  DesiredState,
  DesiredTeam,
  DesiredUser,
  ObservedApiKey,
  ObservedState,
  ObservedTeam,
  ObservedUser,
  PlanContext,
  PlanMeta,
  PrunePolicy,
  Role,
  TeamRole,
} from '../../src/plan/types/index.js';

export const DAY = 86_400;
/** The planner's clock in these tests: 2023-11-14T22:13:20Z. */
export const NOW = 1_700_000_000;

/** A manifest user with a readable 20-character password and the standard role. */
export function desiredUser(username: string, overrides: Partial<DesiredUser> = {}): DesiredUser {
  return { username, role: 'standard', password: { given: true, length: 20 }, ...overrides };
}

/** The manifest's `admin` block. */
export function adminBlock(username = 'admin', overrides: Partial<DesiredUser> = {}): DesiredUser {
  return desiredUser(username, { role: 'admin', bootstrapAdmin: true, ...overrides });
}

/** A manifest key; `rotateAfter` in whole days, e.g. `key('deploy', 90)` is `rotateAfter: 90d`. */
export function desiredKey(description: string, rotateAfterDays?: number): DesiredApiKey {
  if (rotateAfterDays === undefined) return { description };
  return { description, rotateAfter: { text: `${rotateAfterDays}d`, seconds: rotateAfterDays * DAY } };
}

export function desiredState(users: DesiredUser[], prune: Partial<PrunePolicy> = {}): DesiredState {
  return { users, prune: { users: false, protect: [], ...prune } };
}

export function observedUser(id: number, username: string, role: Role = 'standard', apiKeys?: ObservedApiKey[]): ObservedUser {
  return apiKeys === undefined ? { id, username, role } : { id, username, role, apiKeys };
}

/** A key on the server, created `ageDays` before `NOW`. */
export function observedKey(id: number, description: string, ageDays = 1): ObservedApiKey {
  return { id, description, dateCreated: NOW - ageDays * DAY };
}

/** An initialised server; user Id 1 is the initial admin `admin` unless the list says otherwise. */
export function observedState(users: ObservedUser[]): ObservedState {
  return { adminExists: true, users };
}

export function initialAdmin(apiKeys?: ObservedApiKey[]): ObservedUser {
  return observedUser(1, 'admin', 'admin', apiKeys);
}

export function freshServer(): ObservedState {
  return { adminExists: false, users: [] };
}

export function planContext(overrides: Partial<PlanContext> = {}): PlanContext {
  return {
    now: NOW,
    minPasswordLength: 12,
    runningAs: 'admin',
    setupToken: { required: false, given: false },
    allowMassDelete: false,
    ...overrides,
  };
}

export function planMeta(overrides: Partial<PlanMeta> = {}): PlanMeta {
  return {
    target: 'https://portainer.example:9443',
    manifest: 'users.yaml',
    manifestDigest: `sha256:${'a'.repeat(64)}`,
    observedDigest: `sha256:${'b'.repeat(64)}`,
    ...overrides,
  };
}

/** The plan the tool would write for these states: the real planner, with this file's context and meta. */
export function planOf(desired: DesiredState, observed: ObservedState, context: Partial<PlanContext> = {}, meta: Partial<PlanMeta> = {}): Plan {
  return makePlan(desired, observed, planContext(context), planMeta(meta));
}

/** A manifest team: `desiredTeam('dev', { alice: 'leader', bob: 'member' })`. */
export function desiredTeam(name: string, members: Record<string, TeamRole> = {}): DesiredTeam {
  return { name, members: Object.entries(members).map(([username, role]) => ({ username, role })) };
}

/** A team on the server; members are `[user, role]` pairs, membership ids from `teamId * 100`. */
export function observedTeam(id: number, name: string, members: [ObservedUser, TeamRole][] = []): ObservedTeam {
  return {
    id,
    name,
    members: members.map(([user, role], index) => ({ membershipId: id * 100 + index, userId: user.id, username: user.username, role })),
  };
}

/**
 * A server whose teams differ from a manifest every way: legacy (carol, and
 * dave its leader) and ops (break-glass-1, carol, dave and zed, all members),
 * beside the initial admin. The renderers' team plan and the drift tests'
 * team report are both made against it.
 */
export function serverWithTeams(): ObservedState {
  const [admin, carol, dave, zed, breakGlass] = [initialAdmin(), observedUser(2, 'carol'), observedUser(3, 'dave'), observedUser(4, 'zed'), observedUser(5, 'break-glass-1', 'admin')];
  return {
    ...observedState([admin, carol, dave, zed, breakGlass]),
    teams: [
      observedTeam(1, 'legacy', [[carol, 'member'], [dave, 'leader']]),
      observedTeam(2, 'ops', [[breakGlass, 'member'], [carol, 'member'], [dave, 'member'], [zed, 'member']]),
    ],
  };
}

/** GET /roles of Business Edition, as the planner sees it (Community Edition's is empty). */
export const BUSINESS_EDITION_ROLES = [
  { id: 1, name: 'Environment administrator' },
  { id: 2, name: 'Helpdesk' },
  { id: 3, name: 'Standard user' },
  { id: 4, name: 'Read-only user' },
  { id: 5, name: 'Operator' },
];
