import type { Problem } from '../../plan/types/problems.js';
import type { Change, Plan } from '../../plan/types/index.js';
import { inOrder } from '../common/key-order.js';
import { terminalSafeJson } from '../common/printable.js';
import { describeProblem, warningLine } from '../common/problem-words.js';

/**
 * The order of a plan's keys in design.md; the JSON plan is a public, versioned format.
 * The second round's keys come after format 1's, so no key a format-1 reader knows moves.
 */
const PLAN_KEYS = [
  'formatVersion',
  'target',
  'manifest',
  'manifestDigest',
  'observedDigest',
  'changes',
  'summary',
  'warnings',
  'errors',
  'problems',
  'held',
  'applyable',
  'changesDigest',
  'authentication',
  'manifests',
  'instanceId',
  'replace',
] as const;
// Team fields (issue 9) slot in around the user fields without moving any key a format-1 reader already knows.
const CHANGE_KEYS = ['address', 'kind', 'action', 'team', 'username', 'teamId', 'userId', 'membershipId', 'keyId', 'before', 'after', 'fields', 'reason', 'reasonCode', 'succeeds', 'overlapEnded'] as const;
const VALUE_KEYS = ['name', 'members', 'username', 'role', 'description', 'dateCreated', 'password'] as const;
const SUMMARY_KEYS = ['create', 'update', 'replace', 'delete'] as const;
const PROBLEM_KEYS = ['severity', 'code', 'address', 'message'] as const;

/**
 * `plan --json` and `plan --out`: the plan object, keys always in the same
 * order (a plan read back from a file prints the same), two-space indented.
 * Each problem gets its sentence, and format 1's `warnings` (strings) and
 * `errors` (`{address, message}`) are rendered from the problems.
 */
export function renderPlanJson(plan: Plan): string {
  return terminalSafeJson(planJsonValue(plan));
}

/** The plan object of `renderPlanJson`, before it is written out (a fleet's JSON holds one per target). */
export function planJsonValue(plan: Plan): Record<string, unknown> {
  const problems = plan.problems.map(problemJson);
  const ordered = inOrder(
    {
      ...plan,
      warnings: plan.problems.filter((problem) => problem.severity === 'warning').map(warningLine),
      errors: problems.filter((problem) => problem.severity === 'error').map((problem) => ({ address: problem.address, message: problem.message })),
      problems,
    },
    PLAN_KEYS,
  );
  ordered.changes = plan.changes.map(changeJson);
  ordered.summary = inOrder(plan.summary, SUMMARY_KEYS);
  ordered.held = plan.held.map((held) => ({ change: changeJson(held.change), code: held.code }));
  ordered.authentication = inOrder(plan.authentication, ['method', 'teamSync']);
  return ordered;
}

/** A problem with its sentence, the facts after it in alphabetical order (they differ from code to code). */
function problemJson(problem: Problem): Record<string, unknown> & { severity: string; address: string; message: string } {
  const facts = Object.keys(problem).filter((key) => !(PROBLEM_KEYS as readonly string[]).includes(key)).sort();
  return inOrder(sortedDeep({ ...problem, message: describeProblem(problem) }) as object, [...PROBLEM_KEYS, ...facts]) as Record<string, unknown> & {
    severity: string;
    address: string;
    message: string;
  };
}

function sortedDeep(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortedDeep((value as Record<string, unknown>)[key])]));
}

function changeJson(change: Change): Record<string, unknown> {
  const ordered = inOrder(change, CHANGE_KEYS);
  if (change.before) ordered.before = inOrder(change.before, VALUE_KEYS);
  if (change.after) ordered.after = inOrder(change.after, VALUE_KEYS);
  return ordered;
}
