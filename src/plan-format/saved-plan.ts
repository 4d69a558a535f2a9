import { readFile } from 'node:fs/promises';
import { describeReadFailure } from '../files/read-failure.js';
import { summarize } from '../plan/summary.js';
import type { Plan } from '../plan/types/index.js';
import { UserFacingError } from '../user-message.js';
import { digestChanges } from '../plan/canonical.js';
import { parsePlanFile, type SaidInFile } from './plan-schema.js';

/** A plan file that cannot be applied as it stands, said in one sentence that names the file. */
export class SavedPlanError extends UserFacingError {}

/**
 * Reads a plan saved by `plan --out`, refusing anything that is not exactly
 * such a plan: a field of the wrong shape, a change of an unknown kind or
 * action, a summary or digest that does not match its changes, or a plan
 * with errors (which `plan --out` never writes). No request is sent before.
 */
export async function readSavedPlan(path: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SavedPlanError(`cannot read the saved plan ${path}: ${describeReadFailure(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SavedPlanError(`${path} is not a saved plan: it is not JSON`);
  }
  const parsed = parsePlanFile(value);
  if ('problem' in parsed) throw new SavedPlanError(`${path}: ${parsed.problem}`);
  const inconsistency = whyInconsistent(parsed.plan, parsed.said);
  if (inconsistency) throw new SavedPlanError(`${path}: ${inconsistency}; nothing was applied`);
  return parsed.plan;
}

/** What `plan --out` would never have written: a plan that contradicts itself. */
function whyInconsistent(plan: Plan, said: SaidInFile): string | undefined {
  const firstError = plan.problems.find((problem) => problem.severity === 'error');
  if (!plan.applyable || firstError) {
    return `the plan has errors${firstError ? ` (${firstError.address}: ${firstError.code})` : ''}, and a plan with errors is never applied`;
  }
  const disagreeing = sentencesDisagreeing(plan, said);
  if (disagreeing) return `its ${disagreeing} disagree with its problems (the file was edited after plan wrote it)`;
  if (digestChanges(plan.changes) !== plan.changesDigest) return 'its changesDigest does not match its changes (the file was edited after plan wrote it)';
  const summary = summarize(plan.changes);
  const counts = ['create', 'update', 'replace', 'delete'] as const;
  if (counts.some((count) => summary[count] !== plan.summary[count])) return 'its summary does not count its changes (the file was edited after plan wrote it)';
  return undefined;
}

/**
 * Format 1's `errors` and `warnings` are made from `problems`, one entry per
 * problem of that severity, in order, each naming its problem's address. The
 * words are not compared (a later version may word a problem anew), only
 * what they are about: an `errors` entry added by hand, or a warning
 * removed, is a file edited after plan wrote it.
 */
function sentencesDisagreeing(plan: Plan, said: SaidInFile): 'errors' | 'warnings' | undefined {
  const of = (severity: 'error' | 'warning') => plan.problems.filter((problem) => problem.severity === severity).map((problem) => problem.address);
  const errors = of('error');
  if (said.errors.length !== errors.length || said.errors.some((entry, index) => entry.address !== errors[index])) return 'errors';
  const warnings = of('warning');
  if (said.warnings.length !== warnings.length || said.warnings.some((line, index) => !line.startsWith(`${warnings[index]}: `))) return 'warnings';
  return undefined;
}
