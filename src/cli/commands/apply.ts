import type { ApplyResult, ProgressEvent } from '../../apply/result.js';
import { parseDuration } from '../../manifest/duration.js';
import { lockApplyTo, type ApplyLock } from '../../session/apply-lock.js';
import { applyPlan } from '../../session/apply-plan.js';
import { targetOfFleet } from '../../session/fleet-target.js';
import { preflight } from '../../session/preflight.js';
import { preparePlan, type PreparedPlan } from '../../session/prepare-plan.js';
import { prepareSavedPlan, refuseUnlessDigest } from '../../session/saved-plan.js';
import type { Target } from '../../session/target.js';
import type { FleetTarget } from '../../fleet/index.js';
import type { FleetOptions } from '../fleet.js';
import { refuseFleetOptions } from '../fleet-flags.js';
import type { Change } from '../../plan/types/index.js';
import { renderApplyErrors, renderApplyInterrupted, renderApplyResult, renderProgressLine, renderStillLine } from '../../render/apply/apply-result.js';
import { renderPlanErrors, renderPlanText, renderPlanWarnings } from '../../render/index.js';
import { confirmOnTerminal } from '../confirm.js';
import { stopOnSignals } from '../interrupt.js';
import { colorWanted, writeErr, writeOut } from '../output.js';
import type { GlobalOptions } from '../global-options.js';
import { replaceAsUsage } from '../replace-option.js';
import { targetOf, UsageError } from '../target.js';

interface ApplyOptions extends FleetOptions {
  file?: string[];
  autoApprove?: boolean;
  secretsOut?: string;
  allowMassDelete?: boolean;
  expectDigest?: string;
  lockTimeout?: string;
  replace?: string[];
}

/** What a shell reports for a process stopped by SIGINT. */
const INTERRUPTED_EXIT_CODE = 130;

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * `apply -f M`, `apply -f M --expect-digest D` and `apply PLANFILE`: prepare
 * the plan through the session (a saved or reviewed one only when a fresh
 * plan is exactly it), confirm when a person must, apply, report.
 */
export async function run(options: ApplyOptions, globals: GlobalOptions, args: string[]): Promise<number> {
  const planFile = args[0];
  const chosen = await chooseTarget(options, globals);
  if (planFile && chosen.manifests && !options.fleet) throw new UsageError('give either a saved plan or -f MANIFEST, not both', 'apply');
  if (!planFile && !chosen.manifests) throw new UsageError('apply needs -f MANIFEST or a saved plan file', 'apply');
  if (planFile && options.replace) throw new UsageError('--replace goes with -f MANIFEST: a saved plan replaces what it was planned to', 'apply');
  if (planFile && options.expectDigest) throw new UsageError('--expect-digest goes with -f MANIFEST: a saved plan is checked against a fresh plan already', 'apply');
  if (options.expectDigest !== undefined && !DIGEST.test(options.expectDigest)) {
    throw new UsageError(`--expect-digest must be the changesDigest of a plan (sha256: and 64 hexadecimal digits), got "${options.expectDigest.slice(0, 80)}"`, 'apply');
  }
  const lockTimeoutMs = lockTimeoutOf(options.lockTimeout);
  // Taken before anything is read, as Terraform takes its state lock: the plan shown is the one applied.
  const lock = await lockApplyTo(chosen.target, {
    timeoutMs: lockTimeoutMs,
    ...(planFile ? { planFile } : {}),
    onWait: (holder) => writeErr(`Note: waiting for another apply to this Portainer to finish (process ${holder.pid}), for at most ${options.lockTimeout}.`),
  });
  try {
    return await planAndApply(planFile, options, globals, chosen, lock);
  } finally {
    lock?.release();
  }
}

/** Where the apply goes: a target, the manifests when not a saved plan, and how to run it again. */
interface ChosenTarget {
  target: Target;
  manifests?: string[];
  rerun?: string;
}

async function planAndApply(planFile: string | undefined, options: ApplyOptions, globals: GlobalOptions, chosen: ChosenTarget, lock: ApplyLock | undefined): Promise<number> {
  const prepared = planFile ? await prepareSaved(planFile, options, chosen.target) : await planAndConfirm(options, globals, chosen);
  if (prepared === 'interrupted') return INTERRUPTED_EXIT_CODE;
  if (!prepared) return 1;
  if (prepared.plan.changes.length === 0) return 0;

  writeOut('');
  const interruption = stopOnSignals();
  let applied;
  try {
    applied = await applyPlan(prepared, { onProgress: progressPrinter(), signal: interruption.signal, ...(lock ? { lock } : {}) });
  } finally {
    interruption.dispose();
  }
  const { result, keysStillLost } = applied;
  if (result.interrupted) {
    writeOut(`\n${renderApplyInterrupted(result)}`);
    return INTERRUPTED_EXIT_CODE;
  }
  writeOut(`\n${renderApplyResult(result)}`);
  writeErr(renderApplyErrors(result));
  if (result.failed) return 1;
  for (const address of keysStillLost) {
    writeErr(
      `Warning: ${address}: its raw value was lost in transit (the answer to its creation never arrived), so nobody holds it; ` +
        `this plan does not replace it: run apply ${chosen.rerun ?? `-f ${prepared.loaded.file}`} --secrets-out ${prepared.secretsFile}.`,
    );
  }
  return 0;
}

/** `--lock-timeout 5m`: the manifest's durations (`30s`, `5m`, `1h`), and `0s`, the default, for no wait. */
function lockTimeoutOf(value: string | undefined): number {
  if (value === undefined) return 0;
  const seconds = parseDuration(value.trim());
  if (seconds === undefined) throw new UsageError(`--lock-timeout must be a duration like 30s, 5m or 1h, got "${value.slice(0, 40)}"`, 'apply');
  return seconds * 1000;
}

/**
 * Which Portainer and which manifests: the global options and -f, or with
 * --fleet F --target NAME that one target's URL, credentials, pin and
 * manifests (its secrets file is the one --secrets-out names, for it alone).
 */
async function chooseTarget(options: ApplyOptions, globals: GlobalOptions): Promise<ChosenTarget> {
  if (options.fleet === undefined) {
    refuseFleetOptions(options, 'apply');
    return { target: targetOf(globals), ...(options.file ? { manifests: options.file } : {}) };
  }
  const { loadSelection, refuseBesideFleet, sharedReachOf } = await import('../fleet.js');
  refuseBesideFleet(options, globals, 'apply');
  if (options.target?.length !== 1) throw new UsageError('apply --fleet needs --target NAME: apply changes one Portainer at a time', 'apply');
  if (options.parallel !== undefined) throw new UsageError('--parallel goes with plan and drift: apply --fleet applies one target', 'apply');
  const { fleet, targets } = await loadSelection(options, 'apply');
  const chosen = targets[0] as FleetTarget;
  const target = targetOfFleet(fleet, chosen, sharedReachOf(globals));
  return {
    target: globals.setupToken !== undefined ? { ...target, setupToken: globals.setupToken } : target,
    manifests: chosen.manifests,
    rerun: `--fleet ${options.fleet} --target ${chosen.name}`,
  };
}

async function prepareSaved(planFile: string, options: ApplyOptions, target: Target): Promise<PreparedPlan> {
  const prepared = await prepareSavedPlan(target, planFile, {
    allowMassDelete: options.allowMassDelete === true,
    ...(options.secretsOut ? { secretsFile: options.secretsOut } : {}),
  });
  if (prepared.plan.changes.length === 0) writeOut(`${planFile} has no changes; nothing to apply.`);
  return prepared;
}

/**
 * Plans afresh and shows the plan; then a reviewed digest must match, or a
 * person must say yes (or --auto-approve). Undefined: stop with exit 1; Ctrl-C at the prompt stops as an interruption does.
 */
async function planAndConfirm(options: ApplyOptions, globals: GlobalOptions, chosen: ChosenTarget): Promise<PreparedPlan | 'interrupted' | undefined> {
  const request = {
    manifest: chosen.manifests as string[],
    allowMassDelete: options.allowMassDelete === true,
    ...(options.secretsOut ? { secretsFile: options.secretsOut } : {}),
    // A reviewed plan was made without the secrets file: lost keys would make this one differ from it.
    replaceLostKeys: options.expectDigest === undefined,
    ...(options.replace ? { replace: options.replace } : {}),
  };
  const prepared = await replaceAsUsage(preparePlan(chosen.target, request), 'apply');
  const { plan } = prepared;
  writeOut(renderPlanText(plan, { color: colorWanted(process.stdout, !globals.color), warningsApart: true }));
  const stderrColor = { color: colorWanted(process.stderr, !globals.color) };
  writeErr(renderPlanWarnings(plan, stderrColor));
  writeErr(renderPlanErrors(plan, stderrColor));
  if (!plan.applyable) return undefined;
  if (options.expectDigest !== undefined) refuseUnlessDigest(prepared, options.expectDigest);
  if (plan.changes.length === 0) return prepared;
  // Checked again just before the first change; here so that nobody approves a plan that cannot be applied.
  await preflight(prepared);
  if (options.autoApprove || options.expectDigest !== undefined) return prepared;
  if (!process.stdin.isTTY) {
    throw new UsageError('apply needs --auto-approve when it does not run on a terminal (nobody can confirm the plan)', 'apply');
  }
  const answer = await confirmOnTerminal('\nDo you want to perform these actions?');
  if (answer === 'yes') return prepared;
  writeErr('\nApply cancelled.');
  return answer === 'interrupted' ? 'interrupted' : undefined;
}

/** How often a change still in flight says so, as Terraform does. */
const STILL_EVERY_MS = 10_000;

/**
 * On a terminal a live line for the change in flight; elsewhere one line per
 * finished change. With several in flight (user creates, membership adds),
 * the live line shows the first of them only. A change that takes long (a
 * key creation waiting for the login rate limit) says every 10 s that it is
 * still going.
 */
function progressPrinter(): (event: ProgressEvent) => void {
  const live = process.stdout.isTTY === true;
  const still = new Map<Change, NodeJS.Timeout>();
  return (event) => {
    if (event.state === 'start') {
      if (live && still.size === 0) process.stdout.write(renderProgressLine(event));
      const started = Date.now();
      const timer = setInterval(() => {
        if (live) process.stdout.write('\r\x1b[K');
        writeOut(renderStillLine(event.change, Date.now() - started));
      }, STILL_EVERY_MS);
      timer.unref();
      still.set(event.change, timer);
      return;
    }
    clearInterval(still.get(event.change));
    still.delete(event.change);
    if (live) process.stdout.write('\r\x1b[K');
    writeOut(renderProgressLine(event));
  };
}
