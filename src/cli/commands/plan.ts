import { writeFileAtomic } from '../../files/write-atomic.js';
import type { Plan } from '../../plan/types.js';
import { preparePlan } from '../../session/index.js';
import { colorWanted, writeOut } from '../output.js';
import type { GlobalOptions } from '../program.js';
import { targetOf, UsageError } from '../target.js';

interface PlanOptions {
  file: string;
  out?: string;
  json?: boolean;
  format?: 'text' | 'json' | 'markdown';
  detailedExitcode?: boolean;
  allowMassDelete?: boolean;
}

export async function run(options: PlanOptions, globals: GlobalOptions): Promise<number> {
  const format = formatOf(options);
  // Loaded while the server answers the reads rather than before the first one.
  const renderers = import('../../render/index.js');
  const { plan } = await preparePlan(targetOf(globals), { manifest: options.file, allowMassDelete: options.allowMassDelete === true });
  writeOut(render(plan, format, globals, await renderers));
  if (!plan.applyable) return 1;
  if (options.out) await writeFileAtomic(options.out, (await renderers).renderPlanJson(plan));
  if (options.detailedExitcode && plan.changes.length > 0) return 2;
  return 0;
}

/** `--json` is kept as the short form of `--format json`. */
function formatOf(options: PlanOptions): 'text' | 'json' | 'markdown' {
  if (options.json && options.format && options.format !== 'json') {
    throw new UsageError(`--json and --format ${options.format} ask for two formats; give one`);
  }
  return options.json ? 'json' : (options.format ?? 'text');
}

type Renderers = typeof import('../../render/index.js');

function render(plan: Plan, format: 'text' | 'json' | 'markdown', globals: GlobalOptions, renderers: Renderers): string {
  if (format === 'json') return renderers.renderPlanJson(plan);
  if (format === 'markdown') return renderers.renderPlanMarkdown(plan);
  return renderers.renderPlanText(plan, { color: colorWanted(process.stdout, !globals.color) });
}
