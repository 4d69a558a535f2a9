import { loadFleet } from '../../fleet/index.js';
import { issueLine } from '../../manifest/index.js';
import { printable, terminalSafeJson } from '../../render/common/printable.js';
import { writeErr, writeOut } from '../output.js';
import type { GlobalOptions } from '../global-options.js';

interface TargetsOptions {
  fleet: string;
  json?: boolean;
}

/**
 * `targets --fleet F`: the fleet's targets, offline. `--json` prints an array
 * of `{ name, url, manifests }` for a CI matrix (GitHub's `fromJSON`), the
 * manifests as the tool reads them from here.
 */
export async function run(options: TargetsOptions, _globals: GlobalOptions): Promise<number> {
  const fleet = await loadFleet(options.fleet);
  for (const warning of fleet.warnings) writeErr(issueLine(warning));
  const targets = fleet.targets.map((target) => ({ name: target.name, url: target.url, manifests: target.manifests }));
  if (options.json) {
    writeOut(terminalSafeJson(targets));
    return 0;
  }
  const width = Math.max(...targets.map((target) => target.name.length));
  for (const target of targets) writeOut(`${printable(target.name.padEnd(width))}  ${printable(target.url)}  ${printable(target.manifests.join(' + '))}`);
  return 0;
}
