import type { CallName } from '../errors.js';
import type { GivenAs } from '../network/given-as.js';

/** One call to Portainer and its answer, as the client and the transport pass them (`transport.ts`). */

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Call {
  method: Method;
  /** Relative to the API root, e.g. `users/3`. */
  route: string;
  json?: unknown;
  headers?: Record<string, string>;
  /** Counts against Portainer's rate limit (`/auth`, `/users/{id}/tokens`, `/users/{id}/passwd`). */
  paced?: boolean;
}

export interface Answer {
  /** Where the request went, e.g. `https://portainer.example:9443/api/users`. */
  url: string;
  status: number;
  /** Read as fetch's `Headers.get` reads them. */
  headers: Pick<Headers, 'get'>;
  /** The parsed JSON body; `undefined` when the body was empty or not JSON. */
  json: unknown;
  /** The raw body, for error messages of failed calls only (a success may carry a secret). */
  text: string;
  /** How the person gave the settings a failure's sentence may name. */
  givenAs?: GivenAs;
}

export interface RequestEvent {
  method: string;
  path: string;
  status: number | 'error';
  ms: number;
  /** 1 for the first attempt of a call, 2 for its first retry... */
  attempt: number;
  /** Why an attempt got no answer (`status: 'error'`). */
  failure?: string;
  /** Headers and bodies with every credential replaced, computed only when asked for (`--debug`). */
  redacted(): RedactedExchange;
}

export interface RedactedExchange {
  requestHeaders: Record<string, string>;
  requestBody?: string;
  responseBody?: string;
}

export function callName(call: Call): CallName {
  return { method: call.method, path: `/api/${call.route}` };
}
