import { problemAt, type Problem } from '../types/problems.js';
import type { Change, MaxDeletes, ObservedState, PlanContext } from '../types/index.js';

const ADDRESS = 'prune.maxDeletes';

/**
 * Without `prune.maxDeletes`, a plan may delete at most 25% of the server's
 * users once it has more than 10 (peribolos and octoDNS guard the same way).
 */
export const DEFAULT_MAX_DELETES: MaxDeletes = { percent: 25, aboveUsers: 10 };

/**
 * `prune.maxDeletes` guards against a manifest that lost half its users by
 * mistake (a bad merge, a truncated file): a plan deleting more users than
 * it allows is an error, or only a warning with `--allow-mass-delete`.
 * It counts user deletes; a percentage is of the users observed on the server.
 */
export function checkMassDelete(changes: readonly Change[], observed: ObservedState, maxDeletes: MaxDeletes | undefined, context: PlanContext): Problem[] {
  const limit = maxDeletes ?? DEFAULT_MAX_DELETES;
  const deletes = changes.filter((change) => change.kind === 'user' && change.action === 'delete').length;
  if (!exceeds(deletes, observed.users.length, limit)) return [];
  const facts = { deletes, observedUsers: observed.users.length, limit, byDefault: maxDeletes === undefined };
  return [problemAt(ADDRESS, { code: context.allowMassDelete ? 'mass-delete.allowed' : 'mass-delete.exceeded', ...facts })];
}

/** "More than": deleting exactly the limit is allowed. Percent is of the users observed on the server. */
function exceeds(deletes: number, observedUsers: number, limit: MaxDeletes): boolean {
  if ('count' in limit) return deletes > limit.count;
  if (limit.aboveUsers !== undefined && observedUsers <= limit.aboveUsers) return false;
  return deletes * 100 > limit.percent * observedUsers;
}
