import { compareText, foldUsername } from '../plan/match.js';
import type { DesiredState, ObservedState, Plan } from '../plan/types/index.js';
import type { UnmanagedTeam } from './types.js';

/**
 * Server teams the manifest does not list and the plan does not delete,
 * while the manifest manages teams. A manifest that names no team leaves
 * every team alone and reads none, so it has no unmanaged teams.
 */
export function unmanagedTeams(plan: Plan, observed: ObservedState, desired: DesiredState): UnmanagedTeam[] {
  if (desired.teams === undefined || observed.teams === undefined) return [];
  const listed = new Set(desired.teams.map((team) => foldUsername(team.name)));
  // A team the plan renames is a manifest entry's, under its earlier name: managed, like one it deletes.
  const deletedOrRenamed = new Set(plan.changes.flatMap((change) => (change.kind === 'team' && (change.action === 'delete' || change.action === 'update') ? [change.teamId] : [])));
  const reason = desired.prune.teams === true ? ({ code: 'not-planned' } as const) : ({ code: 'prune-off' } as const);
  return observed.teams
    .filter((team) => !listed.has(foldUsername(team.name)) && !deletedOrRenamed.has(team.id))
    .map((team) => ({ id: team.id, name: team.name, members: team.members.length, reason }))
    .sort((a, b) => compareText(foldUsername(a.name), foldUsername(b.name)) || a.id - b.id);
}

