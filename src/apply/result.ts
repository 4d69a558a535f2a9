import type { Change } from '../plan/types/index.js';
import type { ApplyFailure, ApplyNote, OutcomeCode, UndoneAccess } from './outcome.js';

export type { ApplyFailure, ApplyNote, OutcomeCode, UndoneAccess } from './outcome.js';

export interface FailedChange {
  change: Change;
  /** Why, as a code with its facts (render/apply/ says it in words: `describeApplyFailure`). */
  failure: ApplyFailure;
  /**
   * @deprecated The sentence of `failure`, as `describeApplyFailure` writes it; set by the
   * session's `applyPlan` for callers written before failures were data.
   */
  message?: string;
  /** The change failed because another writer kept undoing planned grants of its environment or group. */
  undoneAccess?: UndoneAccess;
}

/** How one attempted change ended. */
export interface ChangeOutcome {
  address: string;
  outcome: OutcomeCode;
}

/** What apply did: the changes applied, the one that failed, the ones never attempted; each list in plan order. */
export interface ApplyResult {
  applied: Change[];
  /** The first failure in plan order. */
  failed?: FailedChange;
  /** Every failure in plan order: the first, and those that were in flight beside it. */
  failures: FailedChange[];
  notAttempted: Change[];
  /** Every attempted change's outcome, in plan order. */
  outcomes: ChangeOutcome[];
  /** Apply stopped early because it was asked to (SIGINT, SIGTERM), after the changes in flight. */
  interrupted?: boolean;
  /** What apply met beside the plan and carried on from, e.g. an admin init that someone else won. */
  notes: ApplyNote[];
  /** Environments and groups whose planned grants another writer undid after the tool's `PUT`, in the order met; absent when none. */
  undoneAccess?: UndoneAccess[];
}

export type ProgressEvent =
  | { state: 'start'; change: Change }
  | { state: 'done'; change: Change; ms: number }
  | { state: 'failed'; change: Change; ms: number; failure: ApplyFailure };
