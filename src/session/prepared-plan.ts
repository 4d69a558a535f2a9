import type { LoadedManifest } from '../manifest/index.js';
import type { DesiredState, ObservedState, Plan, PlanContext } from '../plan/types/index.js';
import type { Connection } from './connection.js';

/** A plan and everything it was made from: what `applyPlan` needs to carry it out. */
export interface PreparedPlan {
  plan: Plan;
  loaded: LoadedManifest;
  desired: DesiredState;
  observed: ObservedState;
  /** What the planner was told besides the two states (the clock, the server's password minimum, ...): a second plan of the same server uses it too. */
  context: PlanContext;
  connection: Connection;
  /** Username of the identity the tool runs as. */
  runningAs: string;
  /** The secrets file apply writes new keys to, when one was named. */
  secretsFile?: string;
  /**
   * Server keys whose raw value reached nobody (a creation recorded in the
   * secrets file as sent and never answered). The plan replaces them only
   * when it was asked to (`replaceLostKeys`).
   */
  lostKeyIds: number[];
}
