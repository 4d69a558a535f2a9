import type { Change, MaxDeletes, ObservedState, PlanContext, PlanError } from './types.js';

const ADDRESS = 'prune.maxDeletes';

export interface MassDeleteCheck {
  errors: PlanError[];
  warnings: string[];
}

/**
 * `prune.maxDeletes` guards against a manifest that lost half its users by
 * mistake (a bad merge, a truncated file): a plan deleting more users than
 * it allows is an error, or only a warning with `--allow-mass-delete`.
 */
export function checkMassDelete(changes: readonly Change[], observed: ObservedState, maxDeletes: MaxDeletes | undefined, context: PlanContext): MassDeleteCheck {
  const deletes = changes.filter((change) => change.kind === 'user' && change.action === 'delete').length;
  if (maxDeletes === undefined || !exceeds(deletes, observed.users.length, maxDeletes)) return { errors: [], warnings: [] };
  const excess = `the plan deletes ${describeDeletes(deletes, observed.users.length, maxDeletes)}, more than prune.maxDeletes allows (${describeLimit(maxDeletes)})`;
  if (context.allowMassDelete) return { errors: [], warnings: [`${ADDRESS}: ${excess}; planned anyway because of --allow-mass-delete`] };
  return { errors: [{ address: ADDRESS, message: `${excess}; check the manifest, then give --allow-mass-delete to apply it` }], warnings: [] };
}

/** "More than": deleting exactly the limit is allowed. Percent is of the users observed on the server. */
function exceeds(deletes: number, observedUsers: number, maxDeletes: MaxDeletes): boolean {
  if ('count' in maxDeletes) return deletes > maxDeletes.count;
  return deletes * 100 > maxDeletes.percent * observedUsers;
}

function describeDeletes(deletes: number, observedUsers: number, maxDeletes: MaxDeletes): string {
  const users = `${deletes} ${deletes === 1 ? 'user' : 'users'}`;
  if ('count' in maxDeletes) return users;
  const share = Math.round((deletes * 1000) / Math.max(observedUsers, 1)) / 10;
  return `${users} of ${observedUsers} (${share}%)`;
}

function describeLimit(maxDeletes: MaxDeletes): string {
  return 'count' in maxDeletes ? String(maxDeletes.count) : `${maxDeletes.percent}%`;
}
