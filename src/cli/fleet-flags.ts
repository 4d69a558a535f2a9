import { UsageError } from './target.js';

/**
 * Targets planned at once without `--parallel` (Terraform's default
 * parallelism). Each target's plan is a chain of round trips to its own
 * server, so a fleet of N targets at P at once takes about N/P such chains:
 * at 4, ten targets took three chains, at least 1.65 times one target alone
 * however little CPU they used (`bench/fleet.mjs`). Each target is its own
 * server, so the number at once loads no Portainer more; it bounds this
 * process's sockets and memory (peak RSS about 85 MB for ten of 1,000 users).
 */
export const DEFAULT_PARALLEL = 10;

/** What each fleet command does to a target, for the sentence about `--parallel`. */
const DONE: Record<string, string> = { audit: 'reviewed' };

/** `--target` and `--parallel` say which targets of a fleet and how many at once: without `--fleet` they mean nothing. */
export function refuseFleetOptions(options: { target?: string[]; parallel?: number }, command: string): void {
  if (options.target !== undefined) throw new UsageError('--target goes with --fleet FILE: it selects targets of a fleet file', command);
  if (options.parallel !== undefined) throw new UsageError(`--parallel goes with --fleet FILE: it says how many targets are ${DONE[command] ?? 'planned'} at once`, command);
}
