import { mapWithConcurrency } from '../concurrency.js';
import type { FleetTarget, LoadedFleet } from '../fleet/index.js';
import type { LoadedManifest } from '../manifest/index.js';
import { connect, type Connection } from './connection.js';
import { targetOfFleet, type SharedReach } from './fleet-target.js';
import { readInstance } from './instance.js';
import type { Target } from './target.js';

/** One selected target, ready for the work: its session `Target` (credentials read, instance pinned) and its manifests. */
export interface TargetRun {
  name: string;
  url: string;
  target: Target;
  /** The target's manifest files, layered in order. */
  manifests: string[];
  /**
   * Connects as the target's credentials (or `loaded`'s admin), after its
   * pinned instance is checked by a public call: another instance fails
   * here, before any credential is sent. `instanceId` is what the server said.
   */
  connect(loaded?: LoadedManifest): Promise<{ connection: Connection; instanceId?: string }>;
}

/** One target's result, or why it has none: a failure stays in its target and never stops the others. */
export type TargetOutcome<R> = { name: string; url: string; result: R } | { name: string; url: string; error: unknown };

export interface FleetRunRequest {
  /** The selected targets, in the fleet file's order. */
  targets: readonly FleetTarget[];
  /** At most this many targets at once. */
  parallel: number;
  shared: SharedReach;
}

/**
 * For each selected target of a fleet: build its target (its credentials, its
 * pin), run `work` on it, collect its result or its error; at most `parallel`
 * at once, results in the file's order. `work` reaches the server through
 * `run.connect()`, `preparePlan(run.target, ...)` or `prepareAudit(run.target,
 * ...)`, each of which checks the pinned instance before any authenticated
 * request. The seam shared by `plan --fleet`, `drift --fleet` and `audit --fleet`.
 */
export async function forEachTarget<R>(fleet: LoadedFleet, request: FleetRunRequest, work: (run: TargetRun) => Promise<R>): Promise<TargetOutcome<R>[]> {
  return mapWithConcurrency(request.targets, request.parallel, async (entry): Promise<TargetOutcome<R>> => {
    const where = { name: entry.name, url: entry.url };
    try {
      const target = targetOfFleet(fleet, entry, request.shared);
      return { ...where, result: await work({ ...where, target, manifests: entry.manifests, connect: (loaded) => connectChecked(target, loaded) }) };
    } catch (error) {
      return { ...where, error };
    }
  });
}

/** The pinned instance checked by a public call, then a connection as the target's identity. */
export async function connectChecked(target: Target, loaded?: LoadedManifest): Promise<{ connection: Connection; instanceId?: string }> {
  const connection = connect(target, loaded);
  const instanceId = await readInstance(connection.publicClient, connection.target, target.instanceId);
  return { connection, ...(instanceId !== undefined ? { instanceId } : {}) };
}
