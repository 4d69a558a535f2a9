import type { ActionOf, Change, ChangeKind, KindChange } from './types/index.js';
import { compareText } from './match.js';
import { isUserRename } from './rename-changes.js';

/**
 * The apply order of design.md, one phase after another. Within a phase,
 * changes go by address, so the same inputs always give the same plan.
 * Promotions come before demotions so the server always keeps an admin;
 * new keys before old ones go, so a rotated key never leaves a gap. Teams
 * are created once their users exist and before their members join;
 * memberships go before the teams and users they belong to are deleted.
 *
 * `sideBySide`: apply may run the phase's changes several at a time (none
 * depends on another of its phase, and Portainer rate-limits none of them).
 */
const PHASES = [
  { name: 'admin init' },
  // Users and teams renamed in place, so that every later change names them by the manifest's name.
  { name: 'renames' },
  { name: 'user creates', sideBySide: true },
  { name: 'role promotions' },
  { name: 'role demotions' },
  // Before key creates, which log in as the user with the manifest's password.
  { name: 'password resets' },
  { name: 'team creates' },
  // Each touches one user in one team, all created in earlier phases.
  { name: 'membership adds and role changes', sideBySide: true },
  // One PUT per environment or group: apply takes each one's changes together, different ones side by side.
  { name: 'access grants, changes and removals', sideBySide: true },
  { name: 'key creates and replaces' },
  { name: 'key deletes' },
  { name: 'membership removals' },
  { name: 'team deletes' },
  { name: 'user deletes' },
] as const satisfies readonly { name: string; sideBySide?: boolean }[];

export type PhaseName = (typeof PHASES)[number]['name'];

/**
 * Which phase each kind and action belongs to: the compiler asks for every
 * kind and every action of it, so an unphased change cannot be built. A
 * function decides where the action alone does not (a role change goes up or down).
 */
type PhaseTable = {
  [Kind in ChangeKind]: { [A in ActionOf<Kind>]: PhaseName | ((change: Extract<KindChange<Kind>, { action: A }>) => PhaseName) };
};

const PHASE_OF: PhaseTable = {
  'admin-init': { create: 'admin init' },
  user: {
    create: 'user creates',
    update: (change) => (isUserRename(change) ? 'renames' : change.after.role === 'admin' ? 'role promotions' : 'role demotions'),
    delete: 'user deletes',
  },
  'user-password': { update: 'password resets' },
  team: { create: 'team creates', update: 'renames', delete: 'team deletes' },
  'team-membership': { create: 'membership adds and role changes', update: 'membership adds and role changes', delete: 'membership removals' },
  'environment-access': { create: 'access grants, changes and removals', update: 'access grants, changes and removals', delete: 'access grants, changes and removals' },
  'group-access': { create: 'access grants, changes and removals', update: 'access grants, changes and removals', delete: 'access grants, changes and removals' },
  'api-key': { create: 'key creates and replaces', replace: 'key creates and replaces', delete: 'key deletes' },
};

export interface ApplyPhase {
  name: PhaseName;
  /** Apply may run this phase's changes several at a time. */
  sideBySide: boolean;
  includes(change: Change): boolean;
}

export const APPLY_PHASES: readonly ApplyPhase[] = PHASES.map((phase) => ({
  name: phase.name,
  sideBySide: 'sideBySide' in phase && phase.sideBySide,
  includes: (change: Change) => phaseNameOf(change) === phase.name,
}));

function phaseNameOf(change: Change): PhaseName {
  const entry = (PHASE_OF[change.kind] as Record<string, PhaseName | ((change: Change) => PhaseName)>)[change.action] as PhaseName | ((change: Change) => PhaseName);
  return typeof entry === 'function' ? entry(change) : entry;
}

const INDEX_OF = new Map<PhaseName, number>(PHASES.map((phase, index) => [phase.name, index]));

/** The index of a change's phase in `APPLY_PHASES`. */
export function phaseOf(change: Change): number {
  return INDEX_OF.get(phaseNameOf(change)) as number;
}

export function orderChanges(changes: readonly Change[]): Change[] {
  return changes
    .map((change) => ({ change, phase: phaseOf(change) }))
    .sort((a, b) => a.phase - b.phase || compareText(a.change.address, b.change.address))
    .map(({ change }) => change);
}
