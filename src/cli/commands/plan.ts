import { renderPlanJson, renderPlanText } from '../../render/index.js';
import { writeFileAtomic } from '../../files/write-atomic.js';
import { colorWanted, writeOut } from '../output.js';
import { preparePlan } from '../plan-session.js';
import type { GlobalOptions } from '../program.js';

interface PlanOptions {
  file: string;
  out?: string;
  json?: boolean;
  detailedExitcode?: boolean;
  allowMassDelete?: boolean;
}

export async function run(options: PlanOptions, globals: GlobalOptions): Promise<number> {
  const { plan } = await preparePlan(globals, { file: options.file, allowMassDelete: options.allowMassDelete === true });
  if (options.json) writeOut(renderPlanJson(plan));
  else writeOut(renderPlanText(plan, { color: colorWanted(process.stdout, !globals.color) }));
  if (plan.errors.length > 0) return 1;
  if (options.out) await writeFileAtomic(options.out, renderPlanJson(plan));
  if (options.detailedExitcode && plan.changes.length > 0) return 2;
  return 0;
}
