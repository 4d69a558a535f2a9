import type { PortainerClient } from '../portainer/index.js';
import { TargetError } from './connection.js';

/** The server is not the Portainer a fleet file pins, or cannot say which it is: nothing was read or changed. */
export class InstanceMismatchError extends TargetError {}

/**
 * Which Portainer answers at `url` (its InstanceID, from a public call, so no
 * credential has been sent yet). With a pin, another instance, or a server
 * that cannot say, is refused; without one, an unanswered status costs only
 * the id, never the plan (an older Portainer, a proxy that hides the route).
 * Started early, beside the other public reads; awaited before the first
 * authenticated request.
 */
export function readInstance(publicClient: PortainerClient, url: string, pin: string | undefined): Promise<string | undefined> {
  const status = publicClient.instanceStatus();
  const checked = status.then(
    ({ instanceId }) => {
      if (pin === undefined) return instanceId;
      if (instanceId === undefined) {
        throw new InstanceMismatchError(
          `${url} does not say which Portainer instance it is (its status has no InstanceID), so the pinned instance ${pin} cannot be checked; nothing was read or changed`,
        );
      }
      if (instanceId !== pin) {
        throw new InstanceMismatchError(`${url} is Portainer instance ${instanceId}, not the pinned ${pin}; nothing was read or changed`);
      }
      return instanceId;
    },
    (error: unknown) => {
      if (pin !== undefined) throw error;
      return undefined;
    },
  );
  // Kept for the moment it is awaited: a failure of the other public reads is said first.
  checked.catch(() => undefined);
  return checked;
}
