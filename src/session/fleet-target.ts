import type { FleetCredentials, FleetTarget, LoadedFleet } from '../fleet/index.js';
import { SecretError, resolveSecret } from '../manifest/index.js';
import { describeSecretProblem } from '../secret-problem.js';
import { TargetError } from './connection.js';
import type { Target } from './target.js';

/** What every target of a fleet shares: TLS, timeouts, concurrency, the request log and the warnings. */
export type SharedReach = Omit<Target, 'url' | 'apiKey' | 'username' | 'password' | 'instanceId' | 'fleet'>;

/**
 * A fleet target as the session's `Target`: its own URL, its own credentials
 * (read now from its secret references, relative to the fleet file), and its
 * pinned instance; nothing of another target's, nothing from PORTAINER_*.
 */
export function targetOfFleet(fleet: LoadedFleet, target: FleetTarget, shared: SharedReach): Target {
  return {
    ...shared,
    url: target.url,
    ...credentialsOf(fleet, target),
    ...(target.instanceId !== undefined ? { instanceId: target.instanceId } : {}),
    // The URL and the key come from the fleet file, whatever --url or PORTAINER_URL say.
    givenAs: { ...shared.givenAs, url: `the url of target ${target.name} in ${fleet.file}`, apiKey: `credentials.apiKey of target ${target.name} in ${fleet.file}` },
    fleet: { target: target.name, file: fleet.file },
  };
}

function credentialsOf(fleet: LoadedFleet, target: FleetTarget): Pick<Target, 'apiKey' | 'username' | 'password'> {
  const credentials: FleetCredentials | undefined = target.credentials;
  if (!credentials) return {};
  const read = (field: 'apiKey' | 'username' | 'password') => {
    const ref = (credentials as Record<string, Parameters<typeof resolveSecret>[0]>)[field];
    if (ref === undefined) return undefined;
    try {
      return resolveSecret(ref, fleet.dir, target.name).reveal();
    } catch (error) {
      if (!(error instanceof SecretError)) throw error;
      throw new TargetError(`${describeSecretProblem(error.problem)} (credentials.${field} of target ${target.name} in ${fleet.file})`);
    }
  };
  if ('apiKey' in credentials) return { apiKey: read('apiKey') as string };
  return { username: read('username') as string, password: read('password') as string };
}
