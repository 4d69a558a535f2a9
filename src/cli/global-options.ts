import type { GivenAs } from '../session/target.js';

/** The options every command may read, after commander has checked them (the environment's too). */
export interface GlobalOptions {
  url?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  setupToken?: string;
  insecure?: boolean;
  caCert?: string;
  timeout?: number;
  concurrency?: number;
  color: boolean;
  debug?: boolean;
  /** The connection options typed on the command line (not read from PORTAINER_*): `--fleet` refuses these. */
  typed: string[];
  /** How each setting a sentence may name was given: `--url` or `PORTAINER_URL` (commands that connect only). */
  givenAs?: GivenAs;
}
