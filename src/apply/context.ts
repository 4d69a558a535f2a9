import type { Authentication } from '../plan/types/index.js';
import type { PortainerClient } from '../portainer/index.js';
import type { Secret } from '../secret.js';
import type { ApplyNote, UndoneAccess } from './outcome.js';
import type { SecretsSink } from '../secrets-file/secrets-sink.js';

/** What the executors share while one plan is applied. */
export interface ApplyContext {
  /** Acts as the identity the tool runs as. */
  client: PortainerClient;
  /** For admin init, which needs no credentials. */
  publicClient: PortainerClient;
  setupToken?: Secret;
  /** The manifest's password of a user; throws with a clear sentence when it cannot be read. */
  passwordOf(username: string): Secret;
  /** Lower-cased username -> Id, from observation and from users created during this apply. */
  userIds: Map<string, number>;
  /** Folded team name -> Id (Portainer compares team names case-insensitively), from observation and from teams created during this apply. */
  teamIds: Map<string, number>;
  /** A user whose password login the main client already uses, so its JWT can create that user's keys. */
  clientLogsInAs?: string;
  /** An LDAP or OAuth Portainer's users are created without a password. */
  authentication: Authentication;
  secrets?: SecretsSink;
  /** Ids of the keys a user held with a description when the plan was made (from observation). */
  keysHeld?(username: string, description: string): number[];
  /** What apply met beside the plan (outcome.ts); the executors add to it. */
  notes: ApplyNote[];
  /** Where the grant executors record planned grants another writer undid (`applyChanges` provides it). */
  undoneAccess?: UndoneAccess[];
}
