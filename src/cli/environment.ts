import { UserFacingError } from '../user-message.js';

/** A variable the tool reads holds a value it cannot take. */
export class EnvironmentError extends UserFacingError {}

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off', ''];

/**
 * A yes-or-no environment variable (`PORTAINER_INSECURE`): 1, true, yes or on
 * (any case) is yes; 0, false, no, off, empty or unset is no. Anything else
 * is refused in a sentence rather than read as no: `PORTAINER_INSECURE=y`
 * silently ignored would leave a person wondering why TLS still fails.
 */
export function booleanFromEnvironment(name: string, raw: string | undefined): boolean {
  if (raw === undefined) return false;
  const value = raw.trim().toLowerCase();
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw new EnvironmentError(`${name} must be 1, true, yes or on to turn it on (0, false, no, off or empty to leave it off), got ${JSON.stringify(raw.slice(0, 40))}`);
}
