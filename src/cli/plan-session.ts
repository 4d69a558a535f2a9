import { lostKeyIds } from '../apply/lost-keys.js';
import { readPendingKeys, type PendingKey } from '../apply/secrets-sink.js';
import { formatIssue, loadManifest, passwordFor, toDesiredState, type LoadedManifest } from '../manifest/index.js';
import { makePlan } from '../plan/index.js';
import type { DesiredState, ObservedState, Plan } from '../plan/types.js';
import { digestObservedState } from '../state/digest.js';
import { keysManagedBy } from '../state/observe.js';
import { observeServer } from '../state/observe-server.js';
import type { PortainerClient, PublicSettings } from '../portainer/index.js';
import { connect, reachEarly, type Connection } from './connection.js';
import { writeErr } from './output.js';
import type { GlobalOptions } from './program.js';

/** Everything a command knows after observing the server and planning. */
export interface PlanSession {
  loaded: LoadedManifest;
  desired: DesiredState;
  observed: ObservedState;
  connection: Connection;
  /** Username of the identity the tool runs as. */
  runningAs: string;
  plan: Plan;
}

export interface PlanRequest {
  file: string;
  allowMassDelete: boolean;
  /** apply's --secrets-out: key creations it records as sent but unanswered are lost keys to replace. */
  secretsFile?: string;
}

/** Load the manifest, observe the server with the fewest reads, and plan. */
export async function preparePlan(globals: GlobalOptions, request: PlanRequest): Promise<PlanSession> {
  // The public reads need only the URL: sent first, they are answered while the manifest is read.
  const reached = reachEarly(globals);
  const publicReads = reached?.publicClient ? readPublicState(reached.publicClient) : undefined;
  const loaded = await loadManifest(request.file);
  for (const warning of loaded.warnings) writeErr(formatIssue(warning));
  const desired = toDesiredState(loaded);
  const connection = connect(globals, loaded, reached);
  const pending = request.secretsFile ? await readPendingKeys(request.secretsFile) : [];
  const [settings, adminExists] = await (publicReads ?? readPublicState(connection.publicClient));

  let observed: ObservedState = { adminExists: false, users: [] };
  let runningAs = connection.runningAs ?? loaded.manifest.admin?.username ?? '';
  if (adminExists) {
    if (!connection.runningAs) runningAs = (await connection.client.currentUser()).username;
    // Teams are read only when the manifest manages them.
    observed = await observeServer(
      {
        client: connection.client,
        runningAs,
        keysWanted: keysManagedBy(desired),
        passwordFor: (username) => passwordFor(loaded, username),
        concurrency: connection.concurrency,
      },
      desired.teams !== undefined,
    );
  }

  const plan = makePlan(
    desired,
    observed,
    {
      now: Math.floor(Date.now() / 1000),
      minPasswordLength: settings.requiredPasswordLength,
      runningAs,
      setupToken: { required: settings.requiresSetupToken, given: connection.setupToken !== undefined },
      allowMassDelete: request.allowMassDelete,
      ...lostKeysOf(pending, observed),
    },
    {
      target: connection.target,
      manifest: loaded.file,
      manifestDigest: loaded.digest,
      observedDigest: digestObservedState(observed),
    },
  );
  return { loaded, desired, observed, connection, runningAs, plan };
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

function lostKeysOf(pending: PendingKey[], observed: ObservedState): { keysWithLostRawValue?: number[] } {
  const lost = lostKeyIds(pending, observed);
  return lost.length > 0 ? { keysWithLostRawValue: lost } : {};
}
