import { applyChanges } from '../../apply/apply-plan.js';
import type { ApplyContext } from '../../apply/executors.js';
import type { ProgressEvent } from '../../apply/result.js';
import { readSavedPlan, whyStale } from '../../apply/saved-plan.js';
import { SecretsSink } from '../../apply/secrets-sink.js';
import { passwordFor } from '../../manifest/index.js';
import type { Change, Plan } from '../../plan/types.js';
import { renderApplyResult, renderProgressLine } from '../../render/apply-result.js';
import { renderPlanText } from '../../render/index.js';
import { confirmOnTerminal } from '../confirm.js';
import { UsageError } from '../connection.js';
import { colorWanted, writeErr, writeOut } from '../output.js';
import { preparePlan, type PlanSession } from '../plan-session.js';
import type { GlobalOptions } from '../program.js';

interface ApplyOptions {
  file?: string;
  autoApprove?: boolean;
  secretsOut?: string;
  allowMassDelete?: boolean;
}

export async function run(options: ApplyOptions, globals: GlobalOptions, args: string[]): Promise<number> {
  const planFile = args[0];
  if (planFile && options.file) throw new UsageError('give either a saved plan or -f MANIFEST, not both');
  if (!planFile && !options.file) throw new UsageError('apply needs -f MANIFEST or a saved plan file');

  const { session, changes, cancelled } = planFile
    ? await reuseSavedPlan(planFile, globals)
    : await planAndConfirm(options, globals);
  if (!changes) return session.plan.errors.length > 0 || cancelled ? 1 : 0;

  const context = buildContext(session, changes, options.secretsOut);
  writeOut('');
  const result = await applyChanges(changes, context, progressPrinter());
  writeOut(`\n${renderApplyResult(result)}`);
  return result.failed ? 1 : 0;
}

/** Plans afresh, shows the plan, and asks (or requires --auto-approve). No changes: nothing to apply. */
async function planAndConfirm(options: ApplyOptions, globals: GlobalOptions) {
  const session = await preparePlan(globals, { file: options.file as string, allowMassDelete: options.allowMassDelete === true });
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
async function reuseSavedPlan(planFile: string, globals: GlobalOptions) {
  const saved: Plan = await readSavedPlan(planFile);
  const session = await preparePlan(globals, { file: saved.manifest, allowMassDelete: true });
  const stale = whyStale(saved, session.plan);
  if (stale) throw new UsageError(stale);
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

function buildContext(session: PlanSession, changes: Change[], secretsOut: string | undefined): ApplyContext {
  refuseKeysWithoutSecretsFile(changes, secretsOut);
  const { loaded, connection } = session;
  const userIds = new Map(session.observed.users.map((user) => [user.username.toLowerCase(), user.id]));
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
    ...(connection.runningAs && connection.passwordLogin ? { clientLogsInAs: connection.runningAs } : {}),
    ...(secretsOut ? { secrets: new SecretsSink(secretsOut) } : {}),
    notes: [],
  };
}

/** On a terminal a live line per change; elsewhere one line per finished change. */
function progressPrinter(): (event: ProgressEvent) => void {
  const live = process.stdout.isTTY === true;
  return (event) => {
    if (event.state === 'start') {
      if (live) process.stdout.write(renderProgressLine(event));
      return;
    }
    if (live) process.stdout.write('\r\x1b[K');
    writeOut(renderProgressLine(event));
  };
}
