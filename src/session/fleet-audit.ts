import type { AuditReport } from '../audit/index.js';
import type { LoadedFleet } from '../fleet/index.js';
import { ManifestCache } from '../manifest/index.js';
import { prepareAudit } from './audit.js';
import { forEachTarget, type FleetRunRequest, type TargetOutcome } from './for-each-target.js';

export interface FleetAuditRequest extends FleetRunRequest {
  /** Unix seconds: what `--stale-after` counts back from, the same for every target. */
  now: number;
  staleAfterSeconds?: number;
}

/**
 * Every selected target reviewed side by side (at most `parallel` at once),
 * each with its own credentials and its pinned instance checked before any
 * credential is sent. A target's manifests are read only when its
 * credentials are its manifest's admin (the review needs nothing else of
 * them), through one cache, so a file several targets share is read once.
 * A target that fails keeps its error; the others are reviewed in full.
 */
export function auditFleet(fleet: LoadedFleet, request: FleetAuditRequest): Promise<TargetOutcome<AuditReport>[]> {
  const cache = new ManifestCache();
  const { now, staleAfterSeconds } = request;
  return forEachTarget(fleet, request, (run) => {
    const ownCredentials = run.target.apiKey !== undefined || run.target.username !== undefined;
    return prepareAudit(run.target, {
      ...(ownCredentials ? {} : { manifest: run.manifests, cache }),
      now,
      ...(staleAfterSeconds === undefined ? {} : { staleAfterSeconds }),
    });
  });
}
