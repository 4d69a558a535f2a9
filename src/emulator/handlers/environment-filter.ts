import type { StoredEnvironment, StoredEnvironmentGroup } from '../stores/environment-store.js';
import { failure, OBJECT_NOT_FOUND, type Reply } from '../http/reply.js';
import { numericQuery } from '../http/route-values.js';
import type { Call, EmulatorState } from '../stores/state.js';

/**
 * `?environmentId=N` on GET /users and GET /teams (user_list.go,
 * team_list.go): 0, missing or unparsable means no filter; an environment or
 * a group that is not there is a 500, as Portainer's lookups answer.
 */
export type EnvironmentFilter =
  | { kind: 'none' }
  | { kind: 'environment'; environment: StoredEnvironment; group: StoredEnvironmentGroup }
  | { kind: 'failed'; reply: Reply };

export function environmentFilterOf(state: EmulatorState, call: Call): EnvironmentFilter {
  const id = numericQuery(call, 'environmentId');
  if (id === 0) return { kind: 'none' };
  const environment = state.store.environments.environment(id);
  if (environment === undefined) return { kind: 'failed', reply: failure(500, 'Unable to retrieve endpoint from the database', OBJECT_NOT_FOUND) };
  const group = state.store.environments.group(environment.groupId);
  if (group === undefined) return { kind: 'failed', reply: failure(500, 'Unable to retrieve environment groups from the database', OBJECT_NOT_FOUND) };
  return { kind: 'environment', environment, group };
}
