import type { DriftReport } from '../drift/index.js';

/**
 * `drift`'s exit code for one Portainer: 0 none, 2 drift, 1 when the check
 * could not be completed. Unmanaged users and teams alone are not drift: a
 * manifest with prune off leaves them alone on purpose, and a nightly job
 * must not fail forever on them. They are always listed; --fail-on-unmanaged
 * makes them count.
 */
export function driftExitCode(report: DriftReport, failOnUnmanaged: boolean): number {
  if (report.status === 'error') return 1;
  if (report.status === 'drifted') return 2;
  return failOnUnmanaged && report.unmanaged.length + report.unmanagedTeams.length > 0 ? 2 : 0;
}
