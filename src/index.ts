/**
 * The library API: what the CLI does, as functions. `preparePlan` and
 * `applyPlan` are the session the CLI itself uses (target + manifest ->
 * observe -> plan; plan -> pre-flight -> apply); below them, load a manifest,
 * observe a server through a client, plan (pure), apply changes, render.
 * `plan` and `apply` are design.md's names for `makePlan` and `applyChanges`.
 */
export {
  acceptDrift,
  applyPlan,
  ApplyLockedError,
  lockApply,
  ManifestWriteError,
  preflight,
  preparePlan,
  prepareSavedPlan,
  refuseUnlessDigest,
  PreflightError,
  StalePlanError,
  TargetError,
  writeAcceptedManifest,
  type AppliedPlan,
  type ApplyLock,
  type ApplyRequest,
  type PlanRequest,
  type PreparedPlan,
  type SavedPlanRequest,
  type Target,
  connectChecked,
  forEachTarget,
  planFleet,
  targetOfFleet,
  InstanceMismatchError,
  type TargetOutcome,
  type TargetRun,
} from './session/index.js';
export { FleetError, loadFleet, selectTargets, type FleetTarget, type LoadedFleet } from './fleet/index.js';
export { fleetDriftOf, fleetPlansOf, type FleetDrift, type FleetPlans } from './fleet/outcome.js';
export { renderFleetDriftJson, renderFleetDriftMarkdown, renderFleetDriftText, renderFleetPlanJson, renderFleetPlanMarkdown, renderFleetPlanText } from './render/fleet/index.js';
export {
  checkManifest,
  formatIssue,
  ManifestCache,
  loadManifest,
  manifestJsonSchema,
  ManifestError,
  parseManifest,
  passwordFor,
  toDesiredState,
  type LoadedManifest,
  type Manifest,
  type ManifestIssue,
} from './manifest/index.js';
export { PortainerClient, PortainerError, type ClientAuth, type ClientOptions } from './portainer/index.js';
export { Secret } from './secret.js';
export { observe, observeServer, type ObserveFor } from './state/observe-server.js';
export { keysManagedBy, observeUsers, type ObserveOptions } from './state/observe.js';
export { observeTeams } from './state/observe-teams.js';
export { observeAccess } from './state/observe-access.js';
export { digestObservedState } from './state/digest.js';
export { APPLY_PHASES, diff, orderChanges } from './plan/index.js';
export { digestChanges, firstDifference, makePlan, makePlan as plan, parsePlanFile, readSavedPlan, SavedPlanError } from './plan-format/index.js';
export type * from './plan/types.js';
export { applyChanges, applyChanges as apply, type ApplyOptions } from './apply/apply-plan.js';
export type { ApplyContext } from './apply/executors.js';
export type { ApplyResult, FailedChange, ProgressEvent, UndoneAccess } from './apply/result.js';
export { renderPlanJson, renderPlanMarkdown, renderPlanText } from './render/index.js';
export { describeProblem } from './render/problem-words.js';
export { renderApplyResult } from './render/apply-result.js';
export { renderDriftJson } from './render/drift-json.js';
export { renderDriftMarkdown } from './render/drift-markdown.js';
export { renderDriftText } from './render/drift-text.js';
export { detectDrift, type DriftReport } from './drift/index.js';
export { editsForDrift, patchManifest, type ManifestEdit, type ManifestPatch, type NotPatched, type NotPatchedCode } from './patch/index.js';
export { renderManifestPatch } from './render/manifest-patch.js';
export { exportManifest, readServerForExport } from './export/index.js';
export { prepareAudit, readAuditReportFile, readAuditServer, type AuditRequest } from './session/audit.js';
export { buildReport, compareReports, parseAuditReport, resolveAccess, type AuditComparison, type AuditReport, type AuditServer } from './audit/index.js';
export { renderAuditCsv, renderAuditHtml, renderAuditJson, renderAuditMarkdown, renderAuditText, renderComparisonJson, renderComparisonMarkdown, renderComparisonText } from './render/audit/index.js';
export { startEmulator, type Emulator, type EmulatorOptions, type EmulatorSeed } from './emulator/index.js';
