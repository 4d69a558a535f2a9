import type { Target } from '../session/target.js';

/**
 * The options every command may read, after commander has checked them (the
 * environment's too). The connection and credentials are the session's
 * `Target` fields of the same names (one definition); the rest only the CLI has.
 */
export interface GlobalOptions extends Pick<Target, 'url' | 'apiKey' | 'username' | 'password' | 'setupToken' | 'insecure' | 'caCert' | 'concurrency' | 'givenAs'> {
  /** `--timeout <ms>`: the target's `timeoutMs`. */
  timeout?: number;
  color: boolean;
  /** `--debug`: the target's `onRequest` writes the request log to stderr. */
  debug?: boolean;
  /** The connection options typed on the command line (not read from PORTAINER_*): `--fleet` refuses these. */
  typed: string[];
}
