import { outcomeUnknown, type PortainerError } from '../portainer/index.js';
import type { Change } from '../plan/types/index.js';
import { userMessageOf } from '../user-message.js';
import { ApplyError, type ApplyNote } from './outcome.js';

export { ApplyError } from './outcome.js';

/**
 * After a write whose answer never came (a reset, a timeout, a 5xx), the
 * write may or may not have happened, and repeating it blindly could do it
 * twice. So re-read what it was meant to change and decide from that:
 * `tookEffect` answers whether the server now holds the change's result.
 * Returns when it does (with a note for the report); throws otherwise.
 */
export async function settleUnknownOutcome(
  error: unknown,
  change: Change,
  notes: ApplyNote[],
  tookEffect: () => Promise<boolean>,
): Promise<void> {
  if (!outcomeUnknown(error)) throw error;
  let applied: boolean;
  try {
    applied = await tookEffect();
  } catch (reread) {
    throw new ApplyError({ code: 'outcome-unknown', said: error.userMessage, reread: userMessageOf(reread) });
  }
  if (!applied) throw new ApplyError({ code: 'not-taken-effect', said: error.userMessage });
  notes.push({ code: 'took-effect', address: change.address, call: callOf(error) });
}

export function callOf(error: PortainerError): string {
  return `${error.method} ${error.path}`;
}
