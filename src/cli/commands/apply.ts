import { applyChanges } from '../../apply/apply-plan.js';
import type { ApplyContext } from '../../apply/executors.js';
import type { ApplyResult, ProgressEvent } from '../../apply/result.js';
import { readSavedPlan, whyStale } from '../../apply/saved-plan.js';
import { SecretsSink } from '../../apply/secrets-sink.js';
import { passwordFor } from '../../manifest/index.js';
import { LOST_RAW_VALUE } from '../../plan/diff-keys.js';
import type { Change, Plan } from '../../plan/types.js';
import { renderApplyResult, renderProgressLine } from '../../render/apply-result.js';
import { renderPlanText } from '../../render/index.js';
import { confirmOnTerminal } from '../confirm.js';
import { UsageError } from '../connection.js';
import { stopOnSignals } from '../interrupt.js';
import { colorWanted, writeErr, writeOut } from '../output.js';
import { preparePlan, type PlanSession } from '../plan-session.js';
import type { GlobalOptions } from '../program.js';
import { foldUsername } from '../../plan/match.js';

interface ApplyOptions {
  file?: string;
  autoApprove?: boolean;
  secretsOut?: string;
  allowMassDelete?: boolean;
}

/** What a shell reports for a process stopped by SIGINT. */
const INTERRUPTED_EXIT_CODE = 130;

export async function run(options: ApplyOptions, globals: GlobalOptions, args: string[]): Promise<number> {
  const planFile = args[0];
  if (planFile && options.file) throw new UsageError('give either a saved plan or -f MANIFEST, not both');
  if (!planFile && !options.file) throw new UsageError('apply needs -f MANIFEST or a saved plan file');

  const { session, changes, cancelled } = planFile
    ? await reuseSavedPlan(planFile, globals, options.secretsOut)
    : await planAndConfirm(options, globals);
  if (!changes) return session.plan.errors.length > 0 || cancelled ? 1 : 0;

  const context = buildContext(session, options.secretsOut);
  writeOut('');
  const interruption = stopOnSignals();
  let result: ApplyResult;
  try {
    result = await applyChanges(changes, context, {
      onProgress: progressPrinter(),
      signal: interruption.signal,
      concurrency: session.connection.concurrency,
    });
  } finally {
    interruption.dispose();
  }
  if (result.interrupted) {
    writeOut(`\n${renderInterrupted(result)}`);
    return INTERRUPTED_EXIT_CODE;
  }
  writeOut(`\n${renderApplyResult(result)}`);
  if (result.failed) return 1;
  await settleKeyIntents(context, session, changes);
  return 0;
}

/** Plans afresh, shows the plan, and asks (or requires --auto-approve). No changes: nothing to apply. */
async function planAndConfirm(options: ApplyOptions, globals: GlobalOptions) {
  const session = await preparePlan(globals, {
    file: options.file as string,
    allowMassDelete: options.allowMassDelete === true,
    ...(options.secretsOut ? { secretsFile: options.secretsOut } : {}),
  });
  const { plan } = session;
  writeOut(renderPlanText(plan, { color: colorWanted(process.stdout, !globals.color) }));
  if (plan.errors.length > 0 || plan.changes.length === 0) return { session, changes: undefined, cancelled: false };
  refuseKeysWithoutSecretsFile(plan.changes, options.secretsOut);
  if (!options.autoApprove) {
    if (!process.stdin.isTTY) {
      throw new UsageError('apply needs --auto-approve when it does not run on a terminal (nobody can confirm the plan)');
    }
    if (!(await confirmOnTerminal('\nDo you want to perform these actions?'))) {
      writeErr('Apply cancelled.');
      return { session, changes: undefined, cancelled: true };
    }
  }
  return { session, changes: plan.changes, cancelled: false };
}

/** A saved plan applies only to the world it was made in: same manifest, same observed state. */
async function reuseSavedPlan(planFile: string, globals: GlobalOptions, secretsOut: string | undefined) {
  const saved: Plan = await readSavedPlan(planFile);
  const session = await preparePlan(globals, { file: saved.manifest, allowMassDelete: true, ...(secretsOut ? { secretsFile: secretsOut } : {}) });
  const stale = whyStale(saved, session.plan);
  if (stale) throw new UsageError(stale);
  refuseKeysWithoutSecretsFile(saved.changes, secretsOut);
  return { session, changes: saved.changes, cancelled: false };
}

function refuseKeysWithoutSecretsFile(changes: Change[], secretsOut: string | undefined): void {
  const createsKeys = changes.some((c) => c.kind === 'api-key' && (c.action === 'create' || c.action === 'replace'));
  if (createsKeys && !secretsOut) {
    throw new UsageError(
      'this plan creates API keys, whose raw values Portainer shows only once: give --secrets-out FILE to keep them (nothing was applied)',
    );
  }
}

function buildContext(session: PlanSession, secretsOut: string | undefined): ApplyContext {
  const { loaded, connection } = session;
  const observedByName = new Map(session.observed.users.map((user) => [foldUsername(user.username), user]));
  const userIds = new Map([...observedByName].map(([name, user]) => [name, user.id]));
  return {
    client: connection.client,
    publicClient: connection.publicClient,
    ...(connection.setupToken ? { setupToken: connection.setupToken } : {}),
    passwordOf(username) {
      const password = passwordFor(loaded, username);
      if (!password) throw new UsageError(`the manifest gives no password for ${username}`);
      return password;
    },
    userIds,
    teamIds: new Map((session.observed.teams ?? []).map((team) => [foldUsername(team.name), team.id])),
    ...(connection.runningAs && connection.passwordLogin ? { clientLogsInAs: connection.runningAs } : {}),
    ...(secretsOut ? { secrets: new SecretsSink(secretsOut) } : {}),
    keysHeld(username, description) {
      const owner = observedByName.get(foldUsername(username));
      return (owner?.apiKeys ?? []).filter((key) => key.description === description).map((key) => key.id);
    },
    notes: [],
  };
}

/**
 * After a complete apply every recorded key creation is settled: its raw key
 * is in the file, or a key whose value was lost has just been replaced. A
 * saved plan made without the secrets file may not replace such a key: then
 * the record stays, and the person is told.
 */
async function settleKeyIntents(context: ApplyContext, session: PlanSession, applied: Change[]): Promise<void> {
  if (!context.secrets) return;
  const addresses = new Set(applied.map((change) => change.address));
  const missed = session.plan.changes.filter((c) => c.kind === 'api-key' && c.action === 'replace' && c.reason === LOST_RAW_VALUE && !addresses.has(c.address));
  if (missed.length === 0) {
    await context.secrets.clearPending();
    return;
  }
  for (const change of missed) {
    writeErr(
      `Warning: ${change.address}: ${LOST_RAW_VALUE}; this saved plan does not replace it: run apply -f ${session.loaded.file} --secrets-out ${context.secrets.path}.`,
    );
  }
}

/** After SIGINT or SIGTERM: what was applied before the stop and what was never started. */
function renderInterrupted(result: ApplyResult): string {
  const symbol = { create: '+', update: '~', replace: '-/+', delete: '-' } as const;
  const list = (title: string, changes: Change[]) =>
    changes.length === 0 ? [] : [`${title} (${changes.length}):`, ...changes.map((c) => `  ${symbol[c.action]} ${c.address}`)];
  return [
    ...result.notes.map((note) => `Note: ${note}`),
    'Apply interrupted: stopped after the changes in flight.',
    '',
    ...list('Applied', result.applied),
    ...list('Not attempted', result.notAttempted),
    '',
    `Resources: ${result.applied.length} applied, ${result.notAttempted.length} not attempted. Run apply again to finish.`,
    '',
  ].join('\n');
}

/**
 * On a terminal a live line for the change in flight; elsewhere one line per
 * finished change. With several in flight (user creates, membership adds),
 * the live line shows the first of them only.
 */
function progressPrinter(): (event: ProgressEvent) => void {
  const live = process.stdout.isTTY === true;
  let inFlight = 0;
  return (event) => {
    if (event.state === 'start') {
      if (live && inFlight === 0) process.stdout.write(renderProgressLine(event));
      inFlight += 1;
      return;
    }
    inFlight -= 1;
    if (live) process.stdout.write('\r\x1b[K');
    writeOut(renderProgressLine(event));
  };
}
