import { foldUsername } from '../plan/match.js';
import type { FleetTarget, LoadedFleet } from './load.js';

/**
 * The targets `--target A,B` names, in the fleet file's order (every target
 * without the option); names are compared as the file compares them,
 * case-insensitively. Names the file does not have are returned as such.
 */
export function selectTargets(fleet: LoadedFleet, names: readonly string[] | undefined): { targets: FleetTarget[] } | { unknown: string[] } {
  if (names === undefined) return { targets: fleet.targets };
  const wanted = new Set(names.map(foldUsername));
  const known = new Set(fleet.targets.map((target) => foldUsername(target.name)));
  const unknown = names.filter((name) => !known.has(foldUsername(name)));
  if (unknown.length > 0) return { unknown };
  return { targets: fleet.targets.filter((target) => wanted.has(foldUsername(target.name))) };
}
