import type { Change } from '../plan/types/index.js';
import type { ApplyContext } from './context.js';
import { userMessageOf } from '../user-message.js';
import { ApplyError, UNKNOWN_OUTCOMES, type ApplyFailure, type ApplyNote, type OutcomeCode } from './outcome.js';
import type { ApplyResult, ChangeOutcome, FailedChange } from './result.js';

/** How one change ended while apply ran: applied, or failed with why. */
export type Outcome = { state: 'applied' } | { state: 'failed'; failure: FailedChange };

/** Apply's own failures are data already; anything else thrown carries its sentence (Portainer's answer, a network failure). */
export function failureOf(error: unknown): ApplyFailure {
  return error instanceof ApplyError ? error.failure : { code: 'error', said: userMessageOf(error) };
}

/** Applied, failed and not attempted, each in plan order, whatever order the work finished in. */
export function resultOf(changes: readonly Change[], outcomes: Map<Change, Outcome>, context: Pick<ApplyContext, 'notes' | 'undoneAccess'>, interrupted: boolean): ApplyResult {
  const { notes } = context;
  const applied: Change[] = [];
  const failures: FailedChange[] = [];
  const notAttempted: Change[] = [];
  const ended: ChangeOutcome[] = [];
  for (const change of changes) {
    const outcome = outcomes.get(change);
    if (outcome?.state === 'applied') applied.push(change);
    else if (outcome?.state === 'failed') failures.push(outcome.failure);
    else notAttempted.push(change);
    if (outcome) ended.push({ address: change.address, outcome: outcomeCodeOf(change, outcome, notes) });
  }
  const [failed] = failures;
  return {
    applied,
    ...(failed ? { failed } : {}),
    failures,
    notAttempted,
    outcomes: ended,
    ...(interrupted && notAttempted.length > 0 ? { interrupted: true } : {}),
    notes,
    ...(context.undoneAccess?.length ? { undoneAccess: context.undoneAccess } : {}),
  };
}

const ALREADY_DONE: ReadonlySet<ApplyNote['code']> = new Set(['admin-already-initialised', 'already-gone', 'team-already-existed', 'membership-already-existed']);
const RECOVERED: ReadonlySet<ApplyNote['code']> = new Set(['took-effect', 'key-created-again']);

/** The code of a change's ending, from its failure or the notes apply made at its address. */
function outcomeCodeOf(change: Change, outcome: Outcome, notes: readonly ApplyNote[]): OutcomeCode {
  if (outcome.state === 'failed') return UNKNOWN_OUTCOMES.has(outcome.failure.failure.code) ? 'unknown' : 'failed';
  const codes = notes.filter((note) => 'address' in note && note.address === change.address).map((note) => note.code);
  if (codes.some((code) => RECOVERED.has(code))) return 'recovered';
  if (codes.some((code) => ALREADY_DONE.has(code))) return 'already-done';
  return 'applied';
}
