import type { GivenAs, RequestEvent } from '../portainer/index.js';

export type { GivenAs } from '../portainer/index.js';

/**
 * Which Portainer to work on and as whom: what a person gives as flags or
 * environment variables, or a library user as an object. Credentials are
 * plain strings here; they become `Secret`s the moment they are read.
 */
export interface Target {
  /** `https://portainer.example:9443`; `/api` is added. `apply PLANFILE` falls back to the plan's target. */
  url?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  /** The setup token newer Portainers require for admin init. */
  setupToken?: string;
  /** Skip TLS verification. */
  insecure?: boolean;
  /** A file with a PEM CA bundle to trust. */
  caCert?: string;
  /**
   * Refuse any Portainer but this one: its InstanceID (`GET /api/system/status`)
   * is compared before any authenticated request (a fleet target's `instanceId`).
   */
  instanceId?: string;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** Parallel reads, user creates and membership changes; default 8. */
  concurrency?: number;
  /** One event per HTTP attempt (for a request log); it holds no secret. */
  onRequest?: (event: RequestEvent) => void;
  /** Warnings for a person, each a whole line: a weak transport, a manifest's plain-text password. */
  onWarning?: (line: string) => void;
  /** How the person gave the URL, the API key, the CA bundle and --insecure (flag or variable), for sentences that name them. */
  givenAs?: GivenAs;
  /** A target of a fleet file (`targetOfFleet`): what it lacks is said of the target in its file, not as flags to give. */
  fleet?: { target: string; file: string };
}
