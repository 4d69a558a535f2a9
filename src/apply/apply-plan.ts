import { userMessageOf } from '../user-message.js';
import type { Change } from '../plan/types.js';
import { applyChange, type ApplyContext } from './executors.js';
import type { ApplyResult, ProgressEvent } from './result.js';

/**
 * Applies the changes in the order the plan gives (design.md's apply order),
 * one at a time, and stops at the first failure: what follows a failed change
 * may depend on it, and running apply again converges from the real state.
 */
export async function applyChanges(
  changes: readonly Change[],
  context: ApplyContext,
  onProgress: (event: ProgressEvent) => void = () => {},
): Promise<ApplyResult> {
  const applied: Change[] = [];
  for (const [index, change] of changes.entries()) {
    const started = performance.now();
    onProgress({ state: 'start', change });
    try {
      await applyChange(change, context);
    } catch (error) {
      const message = userMessageOf(error);
      onProgress({ state: 'failed', change, ms: performance.now() - started, message });
      return { applied, failed: { change, message }, notAttempted: changes.slice(index + 1), notes: context.notes };
    }
    onProgress({ state: 'done', change, ms: performance.now() - started });
    applied.push(change);
  }
  return { applied, notAttempted: [], notes: context.notes };
}
