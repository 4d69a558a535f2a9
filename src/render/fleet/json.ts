import type { FleetDrift, FleetPlans } from '../../fleet/outcome.js';
import { driftJsonValue } from '../drift/json.js';
import { planJsonValue } from '../plan/json.js';
import { inOrder } from '../common/key-order.js';
import { terminalSafeJson } from '../common/printable.js';

const PLAN_SUMMARY_KEYS = ['targets', 'failed', 'withChanges', 'create', 'update', 'replace', 'delete'] as const;
const DRIFT_SUMMARY_KEYS = ['targets', 'failed', 'drifted', 'inSync'] as const;

/**
 * `plan --fleet --format json`: `{ formatVersion, targets: [{ name, url, plan | error }], summary }`,
 * each plan the very object `plan --json` prints for that target.
 */
export function renderFleetPlanJson(fleet: FleetPlans): string {
  return terminalSafeJson({
    formatVersion: fleet.formatVersion,
    targets: fleet.targets.map((entry) => ({ name: entry.name, url: entry.url, ...('plan' in entry ? { plan: planJsonValue(entry.plan) } : { error: entry.error }) })),
    summary: inOrder(fleet.summary, PLAN_SUMMARY_KEYS),
  });
}

/** `drift --fleet --format json`: the same envelope, each target's `drift` the report `drift --format json` prints. */
export function renderFleetDriftJson(fleet: FleetDrift): string {
  return terminalSafeJson({
    formatVersion: fleet.formatVersion,
    targets: fleet.targets.map((entry) => ({ name: entry.name, url: entry.url, ...('drift' in entry ? { drift: driftJsonValue(entry.drift) } : { error: entry.error }) })),
    summary: inOrder(fleet.summary, DRIFT_SUMMARY_KEYS),
  });
}
