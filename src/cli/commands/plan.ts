import { sendPublicReads } from '../../session/reach.js';
import { takeEarlyReads } from '../early-start.js';
import type { GlobalOptions } from '../global-options.js';
import { formatOf } from '../format-option.js';
import { refuseFleetOptions } from '../fleet-flags.js';
import { targetOf, UsageError } from '../target.js';
import type { PlanFleetOptions } from './plan-fleet.js';

interface PlanOptions extends PlanFleetOptions {
  file?: string[];
  out?: string;
  json?: boolean;
  format?: 'text' | 'json' | 'markdown';
  detailedExitcode?: boolean;
  allowMassDelete?: boolean;
  replace?: string[];
}

/**
 * `plan`: the options checked, then the public reads sent at once (unless
 * `early-start.ts` sent them before commander loaded), before the client, the
 * manifest's reader and the planner are loaded (`plan-one.ts`, whose public
 * client claims them): the server answers while they load. A usage mistake
 * is said before any request, as it always was.
 */
export async function run(options: PlanOptions, globals: GlobalOptions): Promise<number> {
  const format = formatOf(options, 'text', 'plan');
  if (options.fleet !== undefined) {
    if (options.replace) throw new UsageError('--replace goes with -f MANIFEST: a key address names a user of one manifest', 'plan');
    return (await import('./plan-fleet.js')).runPlanFleet(options, globals, format);
  }
  refuseFleetOptions(options, 'plan');
  // Said as commander said it when -f was the only way (--help shows --fleet beside it).
  if (!options.file) throw new UsageError("required option '-f, --file <manifest>' not specified", 'plan');
  if (options.out) await (await import('../../files/write-atomic.js')).refuseUnwritable(options.out, 'the plan');
  const target = targetOf(globals);
  // Not with --replace: a wrong key address is said before the server is read at all.
  const early = options.replace ? undefined : (takeEarlyReads() ?? sendPublicReads(target));
  const { planOne } = await import('./plan-one.js');
  return planOne({ ...options, file: options.file }, globals, format, target, early);
}
