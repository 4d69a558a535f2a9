import type { Change } from './types/index.js';
import { compareText } from './match.js';

export interface ApplyPhase {
  name: string;
  includes(change: Change): boolean;
}

/**
 * The apply order of design.md, one phase after another. Within a phase,
 * changes go by address, so the same inputs always give the same plan.
 * Promotions come before demotions so the server always keeps an admin;
 * new keys before old ones go, so a rotated key never leaves a gap. Teams
 * are created once their users exist and before their members join;
 * memberships go before the teams and users they belong to are deleted.
 */
export const APPLY_PHASES: readonly ApplyPhase[] = [
  { name: 'admin init', includes: (change) => change.kind === 'admin-init' },
  { name: 'user creates', includes: (change) => change.kind === 'user' && change.action === 'create' },
  { name: 'role promotions', includes: (change) => change.kind === 'user' && change.action === 'update' && change.after.role === 'admin' },
  { name: 'role demotions', includes: (change) => change.kind === 'user' && change.action === 'update' && change.after.role !== 'admin' },
  // Before key creates, which log in as the user with the manifest's password.
  { name: 'password resets', includes: (change) => change.kind === 'user-password' },
  { name: 'team creates', includes: (change) => change.kind === 'team' && change.action === 'create' },
  {
    name: 'membership adds and role changes',
    includes: (change) => change.kind === 'team-membership' && (change.action === 'create' || change.action === 'update'),
  },
  // One PUT per environment or group: apply takes each one's changes together.
  { name: 'access grants, changes and removals', includes: (change) => change.kind === 'environment-access' || change.kind === 'group-access' },
  { name: 'key creates and replaces', includes: (change) => change.kind === 'api-key' && (change.action === 'create' || change.action === 'replace') },
  { name: 'key deletes', includes: (change) => change.kind === 'api-key' && change.action === 'delete' },
  { name: 'membership removals', includes: (change) => change.kind === 'team-membership' && change.action === 'delete' },
  { name: 'team deletes', includes: (change) => change.kind === 'team' && change.action === 'delete' },
  { name: 'user deletes', includes: (change) => change.kind === 'user' && change.action === 'delete' },
];

/** The index of a change's phase in `APPLY_PHASES`. */
export function phaseOf(change: Change): number {
  const phase = APPLY_PHASES.findIndex((candidate) => candidate.includes(change));
  if (phase < 0) throw new Error(`no apply phase for ${change.kind} ${change.action}`);
  return phase;
}

export function orderChanges(changes: readonly Change[]): Change[] {
  return changes
    .map((change) => ({ change, phase: phaseOf(change) }))
    .sort((a, b) => a.phase - b.phase || compareText(a.change.address, b.change.address))
    .map(({ change }) => change);
}

