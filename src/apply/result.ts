import type { Change } from '../plan/types.js';

export interface FailedChange {
  change: Change;
  /** One sentence, with Portainer's message and status where there is one. */
  message: string;
  /** The change failed because another writer kept undoing planned grants of its environment or group. */
  undoneAccess?: UndoneAccess;
}

/**
 * An environment or group whose `PUT` did not read back as planned: another
 * writer's `PUT` undid planned grants (Portainer replaces the whole map and
 * has no version), so they were written again from a fresh read.
 */
export interface UndoneAccess {
  kind: 'environment-access' | 'group-access';
  resourceId: number;
  resource: string;
  /** Addresses of the planned grants found undone (missing, another role, or back after a delete), sorted. */
  grants: string[];
  /** PUTs sent to this environment or group, the first included. */
  writes: number;
  /** Every planned grant read back as planned in the end; false: apply gave up on it and failed. */
  repaired: boolean;
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
  /** Environments and groups whose planned grants another writer undid after the tool's `PUT`, in the order met; absent when none. */
  undoneAccess?: UndoneAccess[];
}

export type ProgressEvent =
  | { state: 'start'; change: Change }
  | { state: 'done'; change: Change; ms: number }
  | { state: 'failed'; change: Change; ms: number; message: string };
