import type { DriftItem, DriftReport, DriftValue } from '../../drift/types.js';
import type { Problem } from '../../plan/types/problems.js';
import { unmanagedReasonText } from './words.js';
import { inOrder } from '../common/key-order.js';
import { describeDriftItem } from './item-words.js';
import { terminalSafeJson } from '../common/printable.js';
import { describeProblem } from '../common/problem-words.js';

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
  'warnings',
  'summary',
  'manifests',
  'unchecked',
] as const;
const ITEM_KEYS = ['address', 'kind', 'team', 'username', 'expected', 'actual', 'remedy', 'message'] as const;
const VALUE_KEYS = ['name', 'members', 'username', 'role', 'description', 'dateCreated', 'rotateAfter', 'password'] as const;
const UNMANAGED_KEYS = ['id', 'username', 'role', 'reason'] as const;
const UNMANAGED_TEAM_KEYS = ['id', 'name', 'members', 'reason'] as const;
const SUMMARY_KEYS = ['drift', 'held', 'unmanaged', 'unmanagedTeams', 'errors'] as const;
const PROBLEM_KEYS = ['address', 'message', 'code'] as const;

/** `drift --format json`: the report object, keys always in the same order, two-space indented. */
export function renderDriftJson(report: DriftReport): string {
  return terminalSafeJson(driftJsonValue(report));
}

/** The report object of `renderDriftJson`, before it is written out (a fleet's JSON holds one per target). */
export function driftJsonValue(report: DriftReport): Record<string, unknown> {
  const ordered = inOrder(report, REPORT_KEYS);
  ordered.drift = report.drift.map(orderItem);
  ordered.held = report.held.map(problemEntry);
  ordered.unmanaged = report.unmanaged.map((user) =>
    inOrder({ ...user, reason: unmanagedReasonText(user.reason, 'prune.users'), reasonCode: user.reason.code }, UNMANAGED_KEYS),
  );
  ordered.unmanagedTeams = report.unmanagedTeams.map((team) =>
    inOrder({ ...team, reason: unmanagedReasonText(team.reason, 'prune.teams'), reasonCode: team.reason.code }, UNMANAGED_TEAM_KEYS),
  );
  ordered.errors = report.errors.map(problemEntry);
  ordered.applyBlockers = report.applyBlockers.map(problemEntry);
  ordered.warnings = report.warnings.map(problemEntry);
  ordered.unchecked = report.unchecked.map(problemEntry);
  ordered.summary = inOrder(report.summary, SUMMARY_KEYS);
  return ordered;
}

/** Format 1's `{address, message}`, with the rule's code beside it. */
function problemEntry(problem: Problem): Record<string, unknown> {
  return inOrder({ address: problem.address, message: describeProblem(problem), code: problem.code }, PROBLEM_KEYS);
}

/** Facts only the sentence needs: format 1 has the sentence (`message`), not these. */
const SENTENCE_FACTS = ['reason', 'keyId', 'copyOfListed', 'orphan', 'principalId'] as const;

function orderItem(item: DriftItem): Record<string, unknown> {
  const entry: Record<string, unknown> = { ...item, message: describeDriftItem(item) };
  for (const key of SENTENCE_FACTS) delete entry[key];
  const ordered = inOrder(entry, ITEM_KEYS);
  ordered.expected = orderValue(item.expected);
  ordered.actual = orderValue(item.actual);
  return ordered;
}

function orderValue(value: DriftValue | null): Record<string, unknown> | null {
  return value === null ? null : inOrder(value, VALUE_KEYS);
}
