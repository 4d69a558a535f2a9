import { refuseUnwritable, writeFileAtomic } from '../../files/write-atomic.js';
import type { Plan } from '../../plan/types/index.js';
import { preparePlan } from '../../session/prepare-plan.js';
import { colorWanted, writeErr, writeOut } from '../output.js';
import type { GlobalOptions } from '../global-options.js';
import { formatOf } from '../format-option.js';
import { refuseFleetOptions } from '../fleet-flags.js';
import { replaceAsUsage } from '../replace-option.js';
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

export async function run(options: PlanOptions, globals: GlobalOptions): Promise<number> {
  const format = formatOf(options, 'text', 'plan');
  if (options.fleet !== undefined) {
    if (options.replace) throw new UsageError('--replace goes with -f MANIFEST: a key address names a user of one manifest', 'plan');
    return (await import('./plan-fleet.js')).runPlanFleet(options, globals, format);
  }
  refuseFleetOptions(options, 'plan');
  // Said as commander said it when -f was the only way (--help shows --fleet beside it).
  if (!options.file) throw new UsageError("required option '-f, --file <manifest>' not specified", 'plan');
  if (options.out) await refuseUnwritable(options.out, 'the plan');
  // Loaded while the server answers the reads rather than before the first one.
  const renderers = import('../../render/index.js');
  const request = { manifest: options.file, allowMassDelete: options.allowMassDelete === true, ...(options.replace ? { replace: options.replace } : {}) };
  const { plan } = await replaceAsUsage(preparePlan(targetOf(globals), request), 'plan');
  const loaded = await renderers;
  writeOut(render(plan, format, globals, loaded));
  // Every warning and error sentence on stderr, whatever the format of stdout (JSON and markdown hold them too).
  const stderrColor = { color: colorWanted(process.stderr, !globals.color) };
  writeErr(loaded.renderPlanWarnings(plan, stderrColor));
  writeErr(loaded.renderPlanErrors(plan, stderrColor));
  if (!plan.applyable) {
    if (options.out) writeErr(`The plan has errors; ${options.out} was not written.`);
    return 1;
  }
  if (options.out) {
    await writeFileAtomic(options.out, loaded.renderPlanJson(plan));
    // Said beside the plan for a person; a JSON or markdown plan on stdout stays one document.
    if (format === 'text') writeOut(`\nSaved the plan to ${options.out}. To apply it: portainer-users apply ${options.out}`);
  }
  if (options.detailedExitcode && plan.changes.length > 0) return 2;
  return 0;
}

type Renderers = typeof import('../../render/index.js');

function render(plan: Plan, format: 'text' | 'json' | 'markdown', globals: GlobalOptions, renderers: Renderers): string {
  if (format === 'json') return renderers.renderPlanJson(plan);
  if (format === 'markdown') return renderers.renderPlanMarkdown(plan);
  return renderers.renderPlanText(plan, { color: colorWanted(process.stdout, !globals.color), warningsApart: true });
}
