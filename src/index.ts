/**
 * The library API: what the CLI does, as functions (docs/library.md).
 *
 * The session, the way the CLI itself goes: `preparePlan` (target +
 * manifest -> observe -> plan), `applyPlan` (pre-flight -> apply -> report),
 * `prepareSavedPlan`, `acceptDrift`. Below it: `loadManifest` and
 * `toDesiredState`, a `PortainerClient` and `observe`, the planner's one
 * entry `makePlan` (pure), `applyChanges`, `detectDrift`, the renderers
 * (`renderPlanText`, `describeApplyFailure`, `renderDriftText`, ...) and
 * `startEmulator`. `diff`, `plan` and `apply` are older names, kept working.
 */
import { applyChanges } from './apply/apply-plan.js';
import { diff as pureDiff, makePlan } from './plan/make-plan.js';

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
  ReplaceAddressError,
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
export { INITIAL_ADMIN_ID, MAX_KEY_DESCRIPTION } from './limits.js';
export { observe, observeServer, type ObserveFor } from './state/observe-server.js';
export { keysManagedBy, observeUsers, type ObserveOptions } from './state/observe.js';
export { observeTeams } from './state/observe-teams.js';
export { observeAccess } from './state/observe-access.js';
export { digestObservedState } from './state/digest.js';
export { makePlan } from './plan/make-plan.js';
export { APPLY_PHASES, orderChanges, type ApplyPhase, type PhaseName } from './plan/order.js';
export { CHANGE_SCHEMAS } from './plan/types/change-schemas.js';
export { digestChanges, firstDifference, parsePlanFile, readSavedPlan, SavedPlanError } from './plan-format/index.js';
export type * from './plan/types/index.js';
export { applyChanges, type ApplyOptions } from './apply/apply-plan.js';
export type { ApplyContext } from './apply/context.js';
export type { ApplyFailure, ApplyNote, ApplyResult, ChangeOutcome, FailedChange, OutcomeCode, ProgressEvent, UndoneAccess } from './apply/result.js';
export { renderPlanErrors, renderPlanJson, renderPlanMarkdown, renderPlanText, renderPlanWarnings } from './render/index.js';
export { describeChange, type ChangeDescription, type ChangeField } from './render/plan/describe-change.js';
export { describeProblem } from './render/common/problem-words.js';
export { renderApplyErrors, renderApplyResult } from './render/apply/apply-result.js';
export { describeApplyFailure, describeApplyNote } from './render/apply/outcome-words.js';
export { renderDriftJson } from './render/drift/json.js';
export { renderDriftMarkdown } from './render/drift/markdown.js';
export { renderDriftText } from './render/drift/text.js';
export { describeDriftItem } from './render/drift/item-words.js';
export { detectDrift, type DriftReport } from './drift/index.js';
export { editsForDrift, patchManifest, type ManifestEdit, type ManifestPatch, type NotPatched, type NotPatchedCode } from './patch/index.js';
export { renderManifestPatch } from './render/patch/manifest-patch.js';
export { exportManifest, readServerForExport } from './export/index.js';
export { prepareAudit, readAuditReportFile, readAuditReviewFile, readAuditServer, type AuditRequest } from './session/audit.js';
export { auditFleet, type FleetAuditRequest } from './session/fleet-audit.js';
export {
  buildReport,
  compareFleetReports,
  compareReports,
  fleetAuditOf,
  parseAuditReport,
  parseAuditReview,
  resolveAccess,
  type AuditComparison,
  type AuditReport,
  type AuditReview,
  type AuditServer,
  type FleetAudit,
  type FleetAuditComparison,
} from './audit/index.js';
export { renderAuditCsv, renderAuditHtml, renderAuditJson, renderAuditMarkdown, renderAuditText, renderComparisonJson, renderComparisonMarkdown, renderComparisonText } from './render/audit/index.js';
export {
  renderFleetAuditCsv,
  renderFleetAuditHtml,
  renderFleetAuditJson,
  renderFleetAuditMarkdown,
  renderFleetAuditText,
  renderFleetComparisonJson,
  renderFleetComparisonMarkdown,
  renderFleetComparisonText,
} from './render/fleet/audit.js';
export { startEmulator, type Emulator, type EmulatorOptions, type EmulatorSeed } from './emulator/index.js';

/** @deprecated Use `makePlan`, the planner's one entry (the plan's body without where it came from and its digest). */
export const diff: typeof pureDiff = pureDiff;

/** @deprecated Use `makePlan`: `plan` is design.md's old name for it. */
export const plan: typeof makePlan = makePlan;

/** @deprecated Use `applyChanges` (or the session's `applyPlan`): `apply` is design.md's old name for it. */
export const apply: typeof applyChanges = applyChanges;
