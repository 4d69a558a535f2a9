import type { Change, Plan } from '../plan/types.js';
import { inOrder } from './key-order.js';

/** The order of a plan's keys in design.md; the JSON plan is a public, versioned format. */
const PLAN_KEYS = ['formatVersion', 'target', 'manifest', 'manifestDigest', 'observedDigest', 'changes', 'summary', 'warnings', 'errors'] as const;
// Team fields (issue 9) slot in around the user fields without moving any key a format-1 reader already knows.
const CHANGE_KEYS = ['address', 'kind', 'action', 'team', 'username', 'teamId', 'userId', 'membershipId', 'keyId', 'before', 'after', 'fields', 'reason'] as const;
const VALUE_KEYS = ['name', 'members', 'username', 'role', 'description', 'dateCreated'] as const;
const SUMMARY_KEYS = ['create', 'update', 'replace', 'delete'] as const;

/**
 * `plan --json` and `plan --out`: the plan object, keys always in the same
 * order (a plan read back from a file prints the same), two-space indented.
 */
export function renderPlanJson(plan: Plan): string {
  const ordered = inOrder(plan, PLAN_KEYS);
  ordered.changes = plan.changes.map(orderChange);
  ordered.summary = inOrder(plan.summary, SUMMARY_KEYS);
  ordered.errors = plan.errors.map((error) => inOrder(error, ['address', 'message']));
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function orderChange(change: Change): Record<string, unknown> {
  const ordered = inOrder(change, CHANGE_KEYS);
  if (change.before) ordered.before = inOrder(change.before, VALUE_KEYS);
  if (change.after) ordered.after = inOrder(change.after, VALUE_KEYS);
  return ordered;
}
