import type { Change } from '../plan/types/index.js';

export interface FailedChange {
  change: Change;
  /** One sentence, with Portainer's message and status where there is one. */
  message: string;
}

/** What apply did: the changes applied, the one that failed, the ones never attempted; each list in plan order. */
export interface ApplyResult {
  applied: Change[];
  /** The first failure in plan order. */
  failed?: FailedChange;
  /** Every failure in plan order: the first, and those that were in flight beside it. */
  failures: FailedChange[];
  notAttempted: Change[];
  /** Apply stopped early because it was asked to (SIGINT, SIGTERM), after the changes in flight. */
  interrupted?: boolean;
  /** Notes for the user, e.g. an admin init that someone else won. */
  notes: string[];
}

export type ProgressEvent =
  | { state: 'start'; change: Change }
  | { state: 'done'; change: Change; ms: number }
  | { state: 'failed'; change: Change; ms: number; message: string };
