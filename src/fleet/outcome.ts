import type { DriftReport } from '../drift/types.js';
import type { Plan } from '../plan/types/index.js';

/**
 * What a fleet run gives, as data: one entry per selected target in the
 * fleet file's order, each a plan (or a drift report) or the sentence that
 * says why the target has none, and a summary the exit code and every format
 * read. Pure.
 */

interface Where {
  name: string;
  url: string;
}

export type FleetPlanEntry = Where & ({ plan: Plan } | { error: string });
export type FleetDriftEntry = Where & ({ drift: DriftReport } | { error: string });

export interface FleetPlanSummary {
  targets: number;
  /** Targets with no plan (unreachable, refused credentials, another instance) or a plan with errors. */
  failed: number;
  /** Targets that did not fail and whose plan has changes; the counts below are theirs. */
  withChanges: number;
  create: number;
  update: number;
  replace: number;
  delete: number;
}

export interface FleetDriftSummary {
  targets: number;
  /** Targets with no report, or whose check could not be completed. */
  failed: number;
  drifted: number;
  inSync: number;
}

export interface FleetPlans {
  formatVersion: 1;
  targets: FleetPlanEntry[];
  summary: FleetPlanSummary;
}

export interface FleetDrift {
  formatVersion: 1;
  targets: FleetDriftEntry[];
  summary: FleetDriftSummary;
}

/** A target failed: it has no plan, or its plan has errors (nothing of it may be applied). */
export function planFailed(entry: FleetPlanEntry): boolean {
  return !('plan' in entry) || !entry.plan.applyable;
}

export function driftFailed(entry: FleetDriftEntry): boolean {
  return !('drift' in entry) || entry.drift.status === 'error';
}

export function fleetPlansOf(targets: FleetPlanEntry[]): FleetPlans {
  const summary: FleetPlanSummary = { targets: targets.length, failed: 0, withChanges: 0, create: 0, update: 0, replace: 0, delete: 0 };
  for (const entry of targets) {
    if (planFailed(entry) || !('plan' in entry)) {
      summary.failed += 1;
      continue;
    }
    if (entry.plan.changes.length > 0) summary.withChanges += 1;
    for (const action of ['create', 'update', 'replace', 'delete'] as const) summary[action] += entry.plan.summary[action];
  }
  return { formatVersion: 1, targets, summary };
}

export function fleetDriftOf(targets: FleetDriftEntry[]): FleetDrift {
  const summary: FleetDriftSummary = { targets: targets.length, failed: 0, drifted: 0, inSync: 0 };
  for (const entry of targets) {
    if (driftFailed(entry)) summary.failed += 1;
    else if ('drift' in entry && entry.drift.status === 'drifted') summary.drifted += 1;
    else summary.inSync += 1;
  }
  return { formatVersion: 1, targets, summary };
}
