/**
 * The vocabulary of the pure core: what the manifest wants (DesiredState),
 * what the server has (ObservedState), and the Plan between them. Everything
 * here is plain data, so a plan can be saved to a file and applied later.
 * Defined in the files beside this one; this is the one place to import them from.
 */
export type * from './state.js';
export type * from './access.js';
export type * from './changes.js';
export type * from './problems.js';
export type * from './plan.js';
export type { SecretProblem } from '../../secret-problem.js';

import type { Authentication } from './state.js';

/** What a server that says nothing about its authentication is taken to use. */
export const INTERNAL_AUTHENTICATION: Authentication = { method: 'internal', teamSync: false };

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
