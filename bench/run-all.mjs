#!/usr/bin/env node
// `npm run bench`: every benchmark in turn, each in its own process, each
// printing its table. Exits non-zero when any missed a target by a wide margin.
//   npm run bench [-- --quick]   (--quick skips the 50,000-user plan, whose seeding takes minutes)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const extra = process.argv.slice(2);
const benches = ['startup.mjs', 'validate.mjs', 'plan.mjs', 'keys.mjs', 'verify.mjs', 'apply.mjs', 'answers.mjs', 'hostile.mjs', 'access.mjs', 'audit.mjs', 'fleet.mjs', 'renames.mjs'];
const failed = [];
for (const bench of benches) {
  const file = fileURLToPath(new URL(bench, import.meta.url));
  const result = spawnSync(process.execPath, [file, ...extra], { stdio: 'inherit' });
  if (result.status !== 0) failed.push(bench);
}
console.log(failed.length === 0 ? '\nall benchmarks at their targets (within the margin)' : `\nmissed by a wide margin or failed: ${failed.join(', ')}`);
process.exitCode = failed.length === 0 ? 0 : 1;
