import { whyNotWritable } from '../files/writable.js';
import { passwordFor } from '../manifest/index.js';
import { passwordNeed } from '../plan/rules/passwords.js';
import type { Change } from '../plan/types/index.js';
import { describeProblem } from '../render/common/problem-words.js';
import { userMessageOf } from '../user-message.js';
import { PreflightError } from './errors.js';
import type { PreparedPlan } from './prepared-plan.js';

/**
 * What could stop an apply half-way, checked before its first change: the
 * plan has errors; it creates keys and there is no secrets file, or one that
 * cannot be written; a password it needs cannot be read now. Any of these is
 * one sentence and no request at all.
 */
export async function preflight(prepared: PreparedPlan): Promise<void> {
  const { plan, loaded, secretsFile } = prepared;
  const error = plan.problems.find((problem) => problem.severity === 'error');
  if (!plan.applyable || error) {
    throw new PreflightError(`the plan has errors, so nothing was applied${error ? `: ${error.address}: ${describeProblem(error)}` : ''}`);
  }
  refuseKeysWithoutSecretsFile(plan.changes, secretsFile);
  if (secretsFile) await refuseUnwritableSecretsFile(secretsFile);
  for (const change of plan.changes) {
    const need = passwordNeed(change, plan.authentication);
    if (!need) continue;
    let found: unknown;
    try {
      found = passwordFor(loaded, need.username);
    } catch (secretError) {
      throw new PreflightError(`${change.address} needs ${need.username}'s password, which cannot be read now: ${userMessageOf(secretError)} (nothing was applied)`);
    }
    if (found === undefined) throw new PreflightError(`${change.address} needs ${need.username}'s password, and the manifest gives none (nothing was applied)`);
  }
}

/** A plan that creates keys needs somewhere to keep them: Portainer shows a raw key once. Decided from the changes alone, so a saved plan is refused before the server is read. */
export function refuseKeysWithoutSecretsFile(changes: readonly Change[], secretsFile: string | undefined): void {
  const createsKeys = changes.some((change) => change.kind === 'api-key' && change.action !== 'delete');
  if (createsKeys && !secretsFile) {
    throw new PreflightError(
      'this plan creates API keys, whose raw values Portainer shows only once: give --secrets-out FILE to keep them (nothing was applied)',
    );
  }
}

/** The secrets file must be writable the way apply writes it: a regular file or none, in a folder that exists. */
export async function refuseUnwritableSecretsFile(path: string): Promise<void> {
  const why = await whyNotWritable(path);
  if (why) throw new PreflightError(`cannot write the secrets file ${path}: ${why} (nothing was applied)`);
}
