import { APPLY_PHASES, phaseOf } from '../plan/order.js';
import type { Change, ChangeKind, KindChange } from '../plan/types/index.js';
import type { ApplyContext } from './context.js';
import { EXECUTORS, type Executor } from './executors/index.js';
import { failureOf, resultOf, type Outcome } from './collect-result.js';
import type { ApplyResult, ProgressEvent } from './result.js';

export interface ApplyOptions {
  onProgress?: (event: ProgressEvent) => void;
  /** Aborted: start nothing more, let the changes in flight finish, report. */
  signal?: AbortSignal;
  /** How many independent changes may run at once (user creates, membership adds and role changes); default 1. */
  concurrency?: number;
}

/**
 * Applies the changes in the order the plan gives (design.md's apply order).
 * The changes of a phase plan/order.ts marks side by side (user creates,
 * membership adds and role changes, grant changes: one PUT per environment
 * or group) go several at a time. Everything else goes one at a time, and
 * a batch starts only when the one before it has finished. After the first
 * failure nothing new starts (what follows may depend on it), the changes in
 * flight finish, and running apply again converges from the real state.
 */
export async function applyChanges(changes: readonly Change[], context: ApplyContext, options: ApplyOptions = {}): Promise<ApplyResult> {
  const outcomes = new Map<Change, Outcome>();
  context.undoneAccess ??= [];
  const run = { failed: false, signal: options.signal, onProgress: options.onProgress ?? (() => {}) };
  for (const batch of batchesOf(changes)) {
    if (run.failed || run.signal?.aborted) break;
    const limit = batch.parallel ? Math.max(1, options.concurrency ?? 1) : 1;
    await runBatch(batch.units, limit, (unit) => applyUnit(unit, context, run, outcomes));
  }
  return resultOf(changes, outcomes, context, options.signal?.aborted === true);
}

interface RunState {
  failed: boolean;
  signal: AbortSignal | undefined;
  onProgress: (event: ProgressEvent) => void;
}

/** One change, or all the grant changes of one environment or group (one `PUT`): they succeed or fail together. */
type Unit = readonly Change[];

async function applyUnit(unit: Unit, context: ApplyContext, run: RunState, outcomes: Map<Change, Outcome>): Promise<void> {
  if (run.failed || run.signal?.aborted) return;
  const started = performance.now();
  for (const change of unit) run.onProgress({ state: 'start', change });
  try {
    await applyTogether(unit, context);
  } catch (error) {
    const failure = failureOf(error);
    const undone = failure.code === 'access-undone' ? { undoneAccess: failure.undone } : {};
    run.failed = true;
    for (const change of unit) {
      outcomes.set(change, { state: 'failed', failure: { change, failure, ...undone } });
      run.onProgress({ state: 'failed', change, ms: performance.now() - started, failure });
    }
    return;
  }
  for (const change of unit) {
    outcomes.set(change, { state: 'applied' });
    run.onProgress({ state: 'done', change, ms: performance.now() - started });
  }
}

interface Batch {
  units: Unit[];
  parallel: boolean;
}

/**
 * A run of consecutive changes of one side-by-side phase (plan/order.ts)
 * forms one batch; every other change is a batch of its own. Batches never
 * mix phases. Changes an executor takes together (the grants of one
 * environment or group) form one unit, wherever the address order put them.
 */
function batchesOf(changes: readonly Change[]): Batch[] {
  const batches: Batch[] = [];
  let lastPhase: number | undefined;
  let together = new Map<string, Change[]>();
  for (const change of changes) {
    const phase = phaseOf(change);
    const sideBySide = APPLY_PHASES[phase]?.sideBySide === true;
    const last = batches[batches.length - 1];
    const sameRun = sideBySide && phase === lastPhase && last !== undefined;
    if (!sameRun) together = new Map();
    const unit = unitFor(change, together);
    if (unit === 'joined') continue;
    if (sameRun) last.units.push(unit);
    else batches.push({ units: [unit], parallel: sideBySide });
    lastPhase = sideBySide ? phase : undefined;
  }
  return batches;
}

/** A new unit for the change, or `joined` when it went into the unit of the changes its executor takes together. */
function unitFor(change: Change, together: Map<string, Change[]>): Change[] | 'joined' {
  const key = executorOf(change).together?.keyOf(change);
  if (key === undefined) return [change];
  const unit = together.get(key);
  if (unit) {
    unit.push(change);
    return 'joined';
  }
  const created = [change];
  together.set(key, created);
  return created;
}

/** The table's entry for the change's kind, as one type for every change (the table itself is checked kind by kind). */
function executorOf(change: Change): Executor<ChangeKind> {
  return EXECUTORS[change.kind] as unknown as Executor<ChangeKind>;
}

/** One change by its action's executor, or a unit of several in one call. */
async function applyTogether(unit: Unit, context: ApplyContext): Promise<void> {
  const [first] = unit;
  if (!first) return;
  const executor = executorOf(first);
  if (unit.length > 1 && executor.together) return executor.together.apply(unit, context);
  const apply = (executor.actions as Record<string, (change: KindChange<ChangeKind>, context: ApplyContext) => Promise<void>>)[first.action];
  return apply?.(first, context);
}

/** At most `limit` at once, taken in order; each worker checks for a stop before taking the next. */
async function runBatch(units: Unit[], limit: number, work: (unit: Unit) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < units.length) await work(units[next++] as Unit);
  };
  await Promise.all(Array.from({ length: Math.min(limit, units.length) }, worker));
}
