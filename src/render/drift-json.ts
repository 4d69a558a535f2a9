import type { DriftItem, DriftReport, DriftValue } from '../drift/types.js';
import { inOrder } from './key-order.js';

/** The order of a report's keys; the JSON report is a public, versioned format (README "Drift detection"). */
const REPORT_KEYS = [
  'formatVersion',
  'target',
  'manifest',
  'manifestDigest',
  'observedDigest',
  'status',
  'drift',
  'held',
  'unmanaged',
  'unmanagedTeams',
  'errors',
  'applyBlockers',
  'summary',
] as const;
const ITEM_KEYS = ['address', 'kind', 'team', 'username', 'expected', 'actual', 'remedy', 'message'] as const;
const VALUE_KEYS = ['name', 'members', 'username', 'role', 'description', 'dateCreated', 'rotateAfter'] as const;
const UNMANAGED_KEYS = ['id', 'username', 'role', 'reason'] as const;
const UNMANAGED_TEAM_KEYS = ['id', 'name', 'members', 'reason'] as const;
const SUMMARY_KEYS = ['drift', 'held', 'unmanaged', 'unmanagedTeams', 'errors'] as const;
const ERROR_KEYS = ['address', 'message'] as const;

/** `drift --format json`: the report object, keys always in the same order, two-space indented. */
export function renderDriftJson(report: DriftReport): string {
  const ordered = inOrder(report, REPORT_KEYS);
  ordered.drift = report.drift.map(orderItem);
  ordered.held = report.held.map((held) => inOrder(held, ERROR_KEYS));
  ordered.unmanaged = report.unmanaged.map((user) => inOrder(user, UNMANAGED_KEYS));
  ordered.unmanagedTeams = report.unmanagedTeams.map((team) => inOrder(team, UNMANAGED_TEAM_KEYS));
  ordered.errors = report.errors.map((error) => inOrder(error, ERROR_KEYS));
  ordered.applyBlockers = report.applyBlockers.map((error) => inOrder(error, ERROR_KEYS));
  ordered.summary = inOrder(report.summary, SUMMARY_KEYS);
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function orderItem(item: DriftItem): Record<string, unknown> {
  const ordered = inOrder(item, ITEM_KEYS);
  ordered.expected = orderValue(item.expected);
  ordered.actual = orderValue(item.actual);
  return ordered;
}

function orderValue(value: DriftValue | null): Record<string, unknown> | null {
  return value === null ? null : inOrder(value, VALUE_KEYS);
}
