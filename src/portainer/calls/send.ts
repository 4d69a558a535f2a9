import type { FailureContext } from './answers.js';
import type { Answer, Call } from '../transport/call.js';

/**
 * How the modules that hold the API (`users.ts`, `api-keys.ts`, `teams.ts`,
 * `environments.ts`...) send a call: the client's own `send`, so each call
 * shares the client's identity, re-login, retries and pacing. It returns every
 * answer whatever its status, and each function says what its statuses mean;
 * `context` goes into the sentence of a failure.
 */
export type Send = (call: Call, context?: FailureContext) => Promise<Answer>;
