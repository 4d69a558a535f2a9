import { UsageError } from './target.js';

/**
 * Targets planned at once without `--parallel` (design.md). Each target's
 * plan is a chain of round trips to its own server, so ten targets take about
 * three such chains at 4 at once: a fleet of many targets is planned faster
 * with a larger `--parallel`, which loads no Portainer more (each target is
 * its own server) and bounds this process's sockets and memory
 * (`bench/fleet.mjs` measures both).
 */
export const DEFAULT_PARALLEL = 4;

/** What each fleet command does to a target, for the sentence about `--parallel`. */
const DONE: Record<string, string> = { audit: 'reviewed' };

/** `--target` and `--parallel` say which targets of a fleet and how many at once: without `--fleet` they mean nothing. */
export function refuseFleetOptions(options: { target?: string[]; parallel?: number }, command: string): void {
  if (options.target !== undefined) throw new UsageError('--target goes with --fleet FILE: it selects targets of a fleet file', command);
  if (options.parallel !== undefined) throw new UsageError(`--parallel goes with --fleet FILE: it says how many targets are ${DONE[command] ?? 'planned'} at once`, command);
}
