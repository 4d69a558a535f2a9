import { outcomeUnknown, type PortainerError } from '../portainer/index.js';
import type { Change } from '../plan/types/index.js';
import { userMessageOf, UserFacingError } from '../user-message.js';

/** A change that could not be applied, said in one sentence. */
export class ApplyError extends UserFacingError {}

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
  notes: string[],
  tookEffect: () => Promise<boolean>,
): Promise<void> {
  if (!outcomeUnknown(error)) throw error;
  let applied: boolean;
  try {
    applied = await tookEffect();
  } catch (reread) {
    throw new ApplyError(
      `${error.userMessage}; whether it took effect is unknown, because re-reading the server failed too (${userMessageOf(reread)}); run apply again`,
    );
  }
  if (!applied) throw new ApplyError(`${error.userMessage}; re-reading the server shows it did not take effect; run apply again`);
  notes.push(`${change.address}: ${callOf(error)} got no clear answer, but re-reading the server shows it took effect`);
}

export function callOf(error: PortainerError): string {
  return `${error.method} ${error.path}`;
}
