import { isForbidden } from '../portainer/index.js';
import { TargetError } from './connection.js';

/**
 * The reads a plan or an export makes are an administrator's: with another
 * user's credentials Portainer answers 403 to the first of them. That is said
 * as what it means, naming the user, not as a refused call.
 */
export async function asAdministrator<T>(work: Promise<T>, runningAs: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!isForbidden(error)) throw error;
    const who = runningAs ? `user ${runningAs} is` : 'these credentials are';
    throw new TargetError(`${who} not an administrator; the tool needs an admin's credentials (${error.method} ${error.path} answered 403 Forbidden)`);
  }
}
