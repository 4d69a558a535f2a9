/**
 * The one way to prepare and apply a plan, for the CLI and the library alike:
 * a target and a manifest -> observe -> plan; a plan -> pre-flight -> apply.
 */
export { applyPlan, type AppliedPlan, type ApplyRequest } from './apply-plan.js';
export { ApplyLockedError, lockApply, lockApplyTo, type ApplyLock, type LockRequest } from './apply-lock.js';
export type { LockHolder } from './lock-file.js';
export { connect, TargetError, type Connection } from './connection.js';
export { PreflightError, ReplaceAddressError, StalePlanError } from './errors.js';
export { preflight } from './preflight.js';
export { acceptDrift } from './accept-drift.js';
export { ManifestWriteError, writeAcceptedManifest } from './write-manifest.js';
export { asAdministrator } from './require-admin.js';
export { preparePlan, type PlanRequest, type PreparedPlan } from './prepare-plan.js';
export { prepareSavedPlan, refuseUnlessDigest, type SavedPlanRequest } from './saved-plan.js';
export type { Target } from './target.js';
export { connectChecked, forEachTarget, type FleetRunRequest, type TargetOutcome, type TargetRun } from './for-each-target.js';
export { targetOfFleet, type SharedReach } from './fleet-target.js';
export { planFleet, type FleetPlanRequest } from './fleet-plan.js';
export { InstanceMismatchError, readInstance } from './instance.js';
export type { ApplyResult, FailedChange, ProgressEvent, UndoneAccess } from '../apply/result.js';
