import type { Plan } from '../../plan/types.js';
import { renderPlanJson, renderPlanMarkdown, renderPlanText } from '../../render/index.js';
import { writeFileAtomic } from '../../files/write-atomic.js';
import { UsageError } from '../connection.js';
import { colorWanted, writeOut } from '../output.js';
import { preparePlan } from '../plan-session.js';
import type { GlobalOptions } from '../program.js';

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
  const { plan } = await preparePlan(globals, { file: options.file, allowMassDelete: options.allowMassDelete === true });
  writeOut(render(plan, format, globals));
  if (plan.errors.length > 0) return 1;
  if (options.out) await writeFileAtomic(options.out, renderPlanJson(plan));
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

function render(plan: Plan, format: 'text' | 'json' | 'markdown', globals: GlobalOptions): string {
  if (format === 'json') return renderPlanJson(plan);
  if (format === 'markdown') return renderPlanMarkdown(plan);
  return renderPlanText(plan, { color: colorWanted(process.stdout, !globals.color) });
}
