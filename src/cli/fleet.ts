import { loadFleet, selectTargets, type FleetTarget, type LoadedFleet } from '../fleet/index.js';
import { issueLine } from '../manifest/index.js';
import type { SharedReach } from '../session/fleet-target.js';
import { hasUserMessage } from '../user-message.js';
import { writeErr } from './output.js';
import { sentenceOfError } from './report-error.js';
import type { GlobalOptions } from './global-options.js';
import { targetOf, UsageError } from './target.js';

/** The options a fleet command reads. */
export interface FleetOptions {
  file?: string[];
  fleet?: string;
  target?: string[];
  parallel?: number;
}

const FLAGS: Record<string, string> = { url: '--url', apiKey: '--api-key', username: '--username', password: '--password' };

/**
 * With `--fleet`, every target's URL, credentials and manifests come from the
 * fleet file: the same options on the command line are a mistake (values that
 * come from PORTAINER_* are left unused: a CI job may set them for others).
 */
export function refuseBesideFleet(options: FleetOptions, globals: GlobalOptions, command: string): void {
  const given = [...(options.file ? ['-f'] : []), ...globals.typed.map((name) => FLAGS[name] ?? name)];
  if (given.length > 0) {
    throw new UsageError(`${given.join(', ')} cannot go with --fleet: each target's URL, credentials and manifests come from the fleet file`, command);
  }
}

/** The fleet file, and the targets `--target` selects (all without it); an unknown name is a usage error naming the known ones. */
export async function loadSelection(options: FleetOptions, command: string): Promise<{ fleet: LoadedFleet; targets: FleetTarget[] }> {
  const fleet = await loadFleet(options.fleet as string);
  for (const warning of fleet.warnings) writeErr(issueLine(warning));
  const selected = selectTargets(fleet, options.target);
  if ('unknown' in selected) {
    const known = fleet.targets.map((target) => target.name).join(', ');
    const which = selected.unknown.map((name) => JSON.stringify(name)).join(', ');
    throw new UsageError(`${options.fleet} has no target ${which}; its targets are ${known}`, command);
  }
  return { fleet, targets: selected.targets };
}

/**
 * What every target shares, from the global options: TLS, timeout,
 * concurrency, the request log. A warning several targets would repeat (a
 * manifest they share) is said once.
 */
export function sharedReachOf(globals: GlobalOptions): SharedReach {
  const { url: _url, apiKey: _apiKey, username: _username, password: _password, setupToken: _setupToken, ...shared } = targetOf(globals);
  const said = new Set<string>();
  return {
    ...shared,
    onWarning: (line) => {
      if (said.has(line)) return;
      said.add(line);
      writeErr(line);
    },
  };
}

/** A target's failure in one sentence; a defect says so, as `reportError` does for a whole command. */
export function sentenceOf(error: unknown, debug: boolean): string {
  if (debug && !hasUserMessage(error) && error instanceof Error && error.stack) writeErr(error.stack);
  return sentenceOfError(error, debug);
}
