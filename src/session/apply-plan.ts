import { applyChanges } from '../apply/apply-plan.js';
import type { ApplyContext } from '../apply/context.js';
import type { ApplyNote } from '../apply/outcome.js';
import { describeApplyFailure } from '../render/apply/outcome-words.js';
import type { ApplyResult, ProgressEvent } from '../apply/result.js';
import { SecretsSink } from '../secrets-file/secrets-sink.js';
import { passwordFor } from '../manifest/index.js';
import { apiKeyAddress } from '../plan/address.js';
import { foldUsername } from '../plan/match.js';
import { isUserRename } from '../plan/rename-changes.js';
import { lockApply, type ApplyLock } from './apply-lock.js';
import { PreflightError } from './errors.js';
import { preflight } from './preflight.js';
import type { PreparedPlan } from './prepared-plan.js';

export interface ApplyRequest {
  onProgress?: (event: ProgressEvent) => void;
  /** Aborted: start nothing more, let the changes in flight finish, report. */
  signal?: AbortSignal;
  /** The apply lock of this Portainer, taken by the caller before it planned (the CLI does). Without it, apply takes the lock itself and gives it back. */
  lock?: ApplyLock;
  /** Without `lock`: how long to wait for another apply's lock (default 0: fail at once). */
  lockTimeoutMs?: number;
}

export interface AppliedPlan {
  result: ApplyResult;
  /**
   * Addresses of keys whose raw value is lost (see `PreparedPlan.lostKeyIds`)
   * and that this plan did not replace: a saved or reviewed plan made without
   * the secrets file. Their record stays in the file until a plan replaces them.
   */
  keysStillLost: string[];
}

/**
 * Applies a prepared plan under the apply lock of its Portainer: pre-flight
 * first (nothing is sent if it fails), then every change in apply order, as
 * the identity the plan was made with. Failures of single changes are in the
 * result, never thrown; another apply holding the lock is thrown
 * (`ApplyLockedError`), before anything is sent.
 */
export async function applyPlan(prepared: PreparedPlan, request: ApplyRequest = {}): Promise<AppliedPlan> {
  const lock = request.lock ?? (await lockApply(prepared.connection.target, { timeoutMs: request.lockTimeoutMs ?? 0 }));
  try {
    return await applyLocked(prepared, request);
  } finally {
    if (!request.lock) lock.release();
  }
}

async function applyLocked(prepared: PreparedPlan, request: ApplyRequest): Promise<AppliedPlan> {
  await preflight(prepared);
  const context = contextOf(prepared);
  const result = await applyChanges(prepared.plan.changes, context, {
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    concurrency: prepared.connection.concurrency,
  });
  if (result.failed || result.interrupted) return { result: withSentences(result), keysStillLost: [] };
  return { result, keysStillLost: await settleKeyIntents(context, prepared) };
}

/** Each failure with its sentence as well, for library callers that read `message` (deprecated). */
function withSentences(result: ApplyResult): ApplyResult {
  const failures = result.failures.map((failed) => ({ ...failed, message: describeApplyFailure(failed.failure) }));
  const [failed] = failures;
  return { ...result, failures, ...(failed ? { failed } : {}) };
}

function contextOf(prepared: PreparedPlan): ApplyContext {
  const { loaded, connection, observed, secretsFile } = prepared;
  const observedByName = new Map(observed.users.map((user) => [foldUsername(user.username), user]));
  // The plan names a renamed user by its new name from the rename on: its keys are the ones observed under the old.
  for (const change of prepared.plan.changes) {
    if (change.kind !== 'user' || change.action !== 'update' || !isUserRename(change)) continue;
    const renamed = observed.users.find((user) => user.id === change.userId);
    if (renamed) observedByName.set(foldUsername(change.after.username), renamed);
  }
  const notes: ApplyNote[] = [];
  return {
    client: connection.client,
    publicClient: connection.publicClient,
    ...(connection.setupToken ? { setupToken: connection.setupToken } : {}),
    passwordOf(username) {
      const password = passwordFor(loaded, username);
      if (!password) throw new PreflightError(`the manifest gives no password for ${username}`);
      return password;
    },
    userIds: new Map([...observedByName].map(([name, user]) => [name, user.id])),
    teamIds: new Map((observed.teams ?? []).map((team) => [foldUsername(team.name), team.id])),
    ...(connection.runningAs && connection.passwordLogin ? { clientLogsInAs: connection.runningAs } : {}),
    authentication: prepared.plan.authentication,
    ...(secretsFile ? { secrets: new SecretsSink(secretsFile, (note) => notes.push(note)) } : {}),
    keysHeld(username, description) {
      const owner = observedByName.get(foldUsername(username));
      return (owner?.apiKeys ?? []).filter((key) => key.description === description).map((key) => key.id);
    },
    notes,
  };
}

/**
 * After a complete apply every recorded key creation is settled: its raw key
 * is in the file, or a key whose value was lost has just been replaced. A
 * lost key this plan did not replace keeps its record, and is reported.
 */
async function settleKeyIntents(context: ApplyContext, prepared: PreparedPlan): Promise<string[]> {
  if (!context.secrets) return [];
  const replaced = new Set(prepared.plan.changes.flatMap((change) => (change.kind === 'api-key' && change.action === 'replace' ? [change.keyId] : [])));
  const stillLost = prepared.lostKeyIds.filter((id) => !replaced.has(id));
  if (stillLost.length === 0) {
    await context.secrets.clearPending();
    return [];
  }
  return prepared.observed.users.flatMap((user) =>
    (user.apiKeys ?? []).filter((key) => stillLost.includes(key.id)).map((key) => apiKeyAddress(user.username, key.description)),
  );
}
