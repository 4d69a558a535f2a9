import { isInvalidCredentials } from '../../portainer/index.js';
import type { PasswordResetChange } from '../../plan/types/index.js';
import type { Secret } from '../../secret.js';
import type { ApplyContext } from '../context.js';
import { settleUnknownOutcome } from '../recover.js';

/**
 * An admin sets the password with `newPassword` alone: not rate-limited, no
 * old password needed. Portainer ends the user's open sessions (its JWTs);
 * its API keys keep working.
 */
export async function resetPassword(change: PasswordResetChange, context: ApplyContext): Promise<void> {
  const password = context.passwordOf(change.username);
  try {
    await context.client.updateUser(change.userId, { newPassword: password });
  } catch (error) {
    // Only a login can tell which password Portainer holds now (a paced call, made only here).
    await settleUnknownOutcome(error, change, context.notes, () => acceptsLogin(change.username, password, context));
  }
  context.notes.push({ code: 'password-reset', address: change.address, username: change.username });
}

async function acceptsLogin(username: string, password: Secret, context: ApplyContext): Promise<boolean> {
  try {
    await context.publicClient.login(username, password);
    return true;
  } catch (error) {
    if (isInvalidCredentials(error)) return false;
    throw error;
  }
}
