import { writeFileAtomic } from '../../files/write-atomic.js';
import type { EarlyReads } from '../../portainer/transport/early-reads.js';
import type { Plan } from '../../plan/types/index.js';
import { preparePlan } from '../../session/prepare-plan.js';
import type { Target } from '../../session/target.js';
import { colorWanted, writeErr, writeOut } from '../output.js';
import { replaceAsUsage } from '../replace-option.js';
import type { GlobalOptions } from '../global-options.js';

export interface PlanOneOptions {
  file: string[];
  out?: string;
  detailedExitcode?: boolean;
  allowMassDelete?: boolean;
  replace?: string[];
}

/**
 * `plan -f`: one Portainer, after `plan.ts` has checked the options and sent
 * the public reads (`early`). Prints the plan, saves it with `--out`.
 */
export async function planOne(options: PlanOneOptions, globals: GlobalOptions, format: 'text' | 'json' | 'markdown', target: Target, early?: EarlyReads): Promise<number> {
  // Loaded while the server answers the reads rather than before the first one.
  const renderers = import('../../render/index.js');
  const request = {
    manifest: options.file,
    allowMassDelete: options.allowMassDelete === true,
    ...(options.replace ? { replace: options.replace } : {}),
    ...(early ? { early } : {}),
  };
  const { plan } = await replaceAsUsage(preparePlan(target, request), 'plan');
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
