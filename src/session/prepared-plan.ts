import type { LoadedManifest } from '../manifest/index.js';
import type { DesiredState, ObservedState, Plan } from '../plan/types.js';
import type { Connection } from './connection.js';

/** A plan and everything it was made from: what `applyPlan` needs to carry it out. */
export interface PreparedPlan {
  plan: Plan;
  loaded: LoadedManifest;
  desired: DesiredState;
  observed: ObservedState;
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
