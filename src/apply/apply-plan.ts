import { userMessageOf } from '../user-message.js';
import { isAccessChange } from '../plan/access-changes.js';
import type { AccessChange, Change } from '../plan/types.js';
import { AccessUndoneError, applyAccessChanges } from './access-executors.js';
import { applyChange, type ApplyContext } from './executors.js';
import type { ApplyResult, FailedChange, ProgressEvent } from './result.js';

export interface ApplyOptions {
  onProgress?: (event: ProgressEvent) => void;
  /** Aborted: start nothing more, let the changes in flight finish, report. */
  signal?: AbortSignal;
  /** How many independent changes may run at once (user creates, membership adds and role changes); default 1. */
  concurrency?: number;
}

/**
 * Applies the changes in the order the plan gives (design.md's apply order).
 * A run of user creates, of membership adds and role changes, or of grant
 * changes (one PUT per environment or group) goes several at a time:
 * Portainer does not rate-limit them and none depends on another of its run. Everything else goes one at a time, and
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

type Outcome = { state: 'applied' } | { state: 'failed'; failure: FailedChange };

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
    const [only] = unit;
    if (unit.length === 1 && only) await applyChange(only, context);
    else await applyAccessChanges(unit as AccessChange[], context);
  } catch (error) {
    const message = userMessageOf(error);
    const undone = error instanceof AccessUndoneError ? { undoneAccess: error.undoneAccess } : {};
    run.failed = true;
    for (const change of unit) {
      outcomes.set(change, { state: 'failed', failure: { change, message, ...undone } });
      run.onProgress({ state: 'failed', change, ms: performance.now() - started, message });
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
 * A run of consecutive changes of one parallel group forms one batch; every
 * other change is a batch of its own. Batches never mix groups. In a run of
 * grant changes, those of one environment or group form one unit, wherever
 * the address order put them.
 */
function batchesOf(changes: readonly Change[]): Batch[] {
  const batches: Batch[] = [];
  let lastGroup: ParallelGroup | undefined;
  let resources = new Map<string, Change[]>();
  for (const change of changes) {
    const group = parallelGroupOf(change);
    const last = batches[batches.length - 1];
    const sameRun = group !== undefined && group === lastGroup && last !== undefined;
    if (!sameRun) resources = new Map();
    const unit = unitFor(change, resources);
    if (unit === 'joined') continue;
    if (sameRun) last.units.push(unit);
    else batches.push({ units: [unit], parallel: group !== undefined });
    lastGroup = group;
  }
  return batches;
}

/** A new unit for the change, or `joined` when it went into the unit of its environment or group. */
function unitFor(change: Change, resources: Map<string, Change[]>): Change[] | 'joined' {
  if (!isAccessChange(change)) return [change];
  const key = `${change.kind}:${change.resourceId}`;
  const unit = resources.get(key);
  if (unit) {
    unit.push(change);
    return 'joined';
  }
  const created = [change];
  resources.set(key, created);
  return created;
}

type ParallelGroup = 'user creates' | 'membership adds and role changes' | 'access';

/**
 * Changes that may run side by side: none depends on another of its group and
 * Portainer rate-limits none of them. User creates; membership adds and role
 * changes (each touches one user in one team, all created in earlier phases);
 * the PUTs of different environments and groups.
 */
function parallelGroupOf(change: Change): ParallelGroup | undefined {
  if (change.kind === 'user' && change.action === 'create') return 'user creates';
  if (change.kind === 'team-membership' && change.action !== 'delete') return 'membership adds and role changes';
  if (isAccessChange(change)) return 'access';
  return undefined;
}

/** At most `limit` at once, taken in order; each worker checks for a stop before taking the next. */
async function runBatch(units: Unit[], limit: number, work: (unit: Unit) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < units.length) await work(units[next++] as Unit);
  };
  await Promise.all(Array.from({ length: Math.min(limit, units.length) }, worker));
}

/** Applied, failed and not attempted, each in plan order, whatever order the work finished in. */
function resultOf(changes: readonly Change[], outcomes: Map<Change, Outcome>, context: ApplyContext, interrupted: boolean): ApplyResult {
  const applied: Change[] = [];
  const failures: FailedChange[] = [];
  const notAttempted: Change[] = [];
  for (const change of changes) {
    const outcome = outcomes.get(change);
    if (outcome?.state === 'applied') applied.push(change);
    else if (outcome?.state === 'failed') failures.push(outcome.failure);
    else notAttempted.push(change);
  }
  const [failed] = failures;
  return {
    applied,
    ...(failed ? { failed } : {}),
    failures,
    notAttempted,
    ...(interrupted && notAttempted.length > 0 ? { interrupted: true } : {}),
    notes: context.notes,
    ...(context.undoneAccess?.length ? { undoneAccess: context.undoneAccess } : {}),
  };
}
