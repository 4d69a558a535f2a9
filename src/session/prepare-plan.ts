import { issueLine, loadManifest, passwordFor, positionIn, toDesiredState, type LoadedManifest, type ManifestCache } from '../manifest/index.js';
import { makePlan } from '../plan/make-plan.js';
import { lostKeyIds } from '../plan/lost-keys.js';
import type { Authentication, DesiredState, ObservedState, Plan, PlanContext } from '../plan/types/index.js';
import type { EarlyReads } from '../portainer/transport/early-reads.js';
import type { PortainerClient, PublicSettings } from '../portainer/index.js';
import { readPendingKeys } from '../secrets-file/secrets-sink.js';
import { digestObservedState } from '../state/digest.js';
import { keysManagedBy, passwordsVerifiedBy } from '../state/observe.js';
import { observeServer } from '../state/observe-server.js';
import { connect, reachEarly, type Connection } from './connection.js';
import { StalePlanError } from './errors.js';
import { readInstance } from './instance.js';
import { keysToReplace } from './replace-addresses.js';
import { refuseUnwritableSecretsFile } from './preflight.js';
import { asAdministrator } from './require-admin.js';
import type { PreparedPlan } from './prepared-plan.js';
import type { Target } from './target.js';

export type { PreparedPlan } from './prepared-plan.js';

export interface PlanRequest {
  /** The manifest file, or several layered in order. */
  manifest: string | readonly string[];
  /** Manifest files read and parsed once per run (a fleet). */
  cache?: ManifestCache;
  allowMassDelete: boolean;
  /** apply's secrets file: key creations it records as sent but unanswered are keys whose raw value is lost. */
  secretsFile?: string;
  /**
   * Plan a replacement of every lost key (apply -f). Off for a plan that must
   * match one made without the secrets file (a saved or reviewed plan).
   */
  replaceLostKeys?: boolean;
  /** A saved plan's `manifestDigest`: a manifest that changed since is refused before the server is read. */
  manifestDigest?: string;
  /** The public reads, when they were sent before this module was loaded (`sendPublicReads`). */
  early?: EarlyReads;
  /**
   * `--replace ADDRESS`: keys to replace in this plan whatever their age. An
   * address that names no key the manifest manages is refused before the
   * server is read at all (`ReplaceAddressError`).
   */
  replace?: readonly string[];
}

/** Load the manifest, observe the server with the fewest reads, and plan. Changes nothing anywhere. */
export async function preparePlan(target: Target, request: PlanRequest): Promise<PreparedPlan> {
  // The public reads need only the URL: sent first, they are answered while the manifest is read
  // (not when --replace is to be checked against the manifest first: a wrong address reads nothing).
  const reached = request.replace?.length ? undefined : reachEarly(target, request.early);
  const publicReads = reached?.publicClient ? readPublicState(reached.publicClient) : undefined;
  const instance = reached?.publicClient ? readInstance(reached.publicClient, reached.target, target.instanceId) : undefined;
  const loaded = await loadManifest(request.manifest, request.cache ? { cache: request.cache } : {});
  refuseChangedManifest(loaded, request.manifestDigest);
  const desired = toDesiredState(loaded);
  const replace = request.replace?.length ? keysToReplace(desired, request.replace) : [];
  for (const warning of loaded.warnings) target.onWarning?.(issueLine(warning));
  const connection = connect(target, loaded, reached);
  // Checked before it is read: a FIFO would hang the read, a folder fail it with an errno.
  if (request.secretsFile) await refuseUnwritableSecretsFile(request.secretsFile);
  const pending = request.secretsFile ? await readPendingKeys(request.secretsFile) : [];
  const [settings, adminExists] = await (publicReads ?? readPublicState(connection.publicClient));
  // Before the first authenticated request: a pinned target refuses another instance here.
  const instanceId = await (instance ?? readInstance(connection.publicClient, connection.target, target.instanceId));

  const authentication = { method: settings.authentication, teamSync: settings.teamSync };
  // A server with no administrator yet holds nothing to read: the plan initialises it.
  const fresh = { observed: { adminExists: false, users: [], authentication } satisfies ObservedState, runningAs: connection.runningAs ?? loaded.manifest.admin?.username ?? '' };
  const { observed, runningAs } = adminExists ? await observeAsAdministrator(connection, loaded, desired, authentication) : fresh;

  const lost = lostKeyIds(pending, observed);
  const context: PlanContext = {
    now: Math.floor(Date.now() / 1000),
    minPasswordLength: settings.requiredPasswordLength,
    runningAs,
    setupToken: { required: settings.requiresSetupToken, given: connection.setupToken !== undefined },
    allowMassDelete: request.allowMassDelete,
    ...(request.replaceLostKeys && lost.length > 0 ? { keysWithLostRawValue: lost } : {}),
    ...(replace.length > 0 ? { replace } : {}),
  };
  const made = makePlan(desired, observed, context, {
    target: connection.target,
    manifest: loaded.file,
    manifestDigest: loaded.digest,
    observedDigest: digestObservedState(observed),
    ...(loaded.layers ? { manifests: loaded.layers.map((layer) => layer.file) } : {}),
    ...(instanceId !== undefined ? { instanceId } : {}),
    ...(replace.length > 0 ? { replace } : {}),
  });
  return { plan: withPositions(made, loaded), loaded, desired, observed, context, connection, runningAs, ...(request.secretsFile ? { secretsFile: request.secretsFile } : {}), lostKeyIds: lost };
}

/** A saved plan's manifests must be the bytes it was made from: one that changed since is refused before the server is read. */
function refuseChangedManifest(loaded: LoadedManifest, manifestDigest: string | undefined): void {
  if (manifestDigest === undefined || manifestDigest === loaded.digest) return;
  const which = loaded.layers ? `one of the manifests ${loaded.layers.map((layer) => layer.file).join(', ')}` : `the manifest ${loaded.file}`;
  throw new StalePlanError(`saved plan is stale: ${which} changed since the plan was made; run plan again`);
}

/**
 * What the server holds, read as its administrator with the fewest reads;
 * `runningAs` asked of the server when the credentials do not say it (an
 * API key). Teams are read only when the manifest manages them; environments
 * only when it grants access to any.
 */
async function observeAsAdministrator(connection: Connection, loaded: LoadedManifest, desired: DesiredState, authentication: Authentication): Promise<{ observed: ObservedState; runningAs: string }> {
  const runningAs = connection.runningAs ?? (await connection.client.currentUser()).username;
  const reads = observeServer(
    {
      client: connection.client,
      runningAs,
      keysWanted: keysManagedBy(desired),
      // Only an internal Portainer holds the passwords a login would check.
      ...(authentication.method === 'internal' ? optional('passwordToVerify', passwordsVerifiedBy(desired)) : {}),
      passwordFor: (username) => passwordFor(loaded, username),
      concurrency: connection.concurrency,
      authentication,
    },
    desired.teams !== undefined,
    desired.access,
  );
  return { observed: await asAdministrator(reads, runningAs), runningAs };
}

/** A problem the server revealed about a manifest entry gets that entry's line and column. */
function withPositions(made: Plan, loaded: LoadedManifest): Plan {
  if (!made.problems.some((problem) => 'path' in problem && problem.path)) return made;
  return { ...made, problems: made.problems.map((problem) => ('path' in problem && problem.path ? { ...problem, position: positionIn(loaded, problem.path) } : problem)) };
}

/**
 * The settings and whether an admin exists. A failure is kept for the moment
 * the answers are awaited (after the manifest is read, so a manifest error
 * still comes first) rather than ending the process as an unhandled rejection.
 */
function readPublicState(client: PortainerClient): Promise<[PublicSettings, boolean]> {
  const answers = Promise.all([client.publicSettings(), client.adminExists()]);
  answers.catch(() => undefined);
  return answers;
}

function optional<Name extends string, Value>(name: Name, value: Value | undefined): { [key in Name]?: Value } {
  return (value === undefined ? {} : { [name]: value }) as { [key in Name]?: Value };
}
