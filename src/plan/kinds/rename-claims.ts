import { foldUsername } from '../match.js';
import { problemAt, type Problem } from '../types/problems.js';
import type { ManifestPath } from '../types/index.js';

/** A manifest entry that may name its earlier names: a user (`username`) or a team (`name`). */
export interface RenameEntry {
  name: string;
  previously?: readonly string[];
  path?: ManifestPath;
}

/** A user or a team on the server, by its Id and its name there. */
export interface ServerNamed {
  id: number;
  name: string;
}

export interface FoundRenames<Entry extends RenameEntry> {
  /** Entries the server has under one earlier name only: each renames `from` in place. */
  renames: { entry: Entry; from: ServerNamed }[];
  problems: Problem[];
  /** Every earlier name the manifest gives (folded): prune never deletes a server user or team of such a name. */
  previousNames: Set<string>;
  /** Entries (folded names) whose `previously` is in error: nothing says whether they are new, so none is created. */
  unresolved: Set<string>;
}

/**
 * Which entries the server has under an earlier name (`previously`), names
 * folded as Portainer folds them. An entry the server has under its own name
 * needs no rename; one it has under its own name and an earlier one too
 * (`rename.name-taken`), or under two earlier ones (`rename.ambiguous`), is an
 * error, as is an earlier name that is also an entry of its own
 * (`rename.previous-listed`) or that two entries claim
 * (`rename.previous-claimed`): nothing could say which is meant.
 */
export function findRenames<Entry extends RenameEntry>(what: 'user' | 'team', entries: readonly Entry[], server: readonly ServerNamed[], addressOf: (name: string) => string): FoundRenames<Entry> {
  const found: FoundRenames<Entry> = { renames: [], problems: [], previousNames: new Set(), unresolved: new Set() };
  if (!entries.some((entry) => entry.previously && entry.previously.length > 0)) return found;
  const onServer = new Map<string, ServerNamed[]>();
  for (const thing of server) onServer.set(foldUsername(thing.name), [...(onServer.get(foldUsername(thing.name)) ?? []), thing]);
  const listed = new Set(entries.map((entry) => foldUsername(entry.name)));
  const claimedBy = new Map<string, Entry>();
  for (const entry of entries) {
    const address = addressOf(entry.name);
    const earlier = earlierNames({ what, entry, address, listed, claimedBy }, found);
    const candidates = earlier.flatMap((name) => (onServer.get(foldUsername(name.name)) ?? []).map((from) => ({ ...name, from })));
    const [first] = candidates;
    if (!first) continue;
    if (onServer.has(foldUsername(entry.name))) {
      found.problems.push(problemAt(address, { code: 'rename.name-taken', what, name: entry.name, previous: first.from.name, ...first.at }));
    } else if (candidates.length > 1) {
      const at = entry.path ? { path: [...entry.path, 'previously'] } : {};
      found.problems.push(problemAt(address, { code: 'rename.ambiguous', what, name: entry.name, previous: candidates.map((candidate) => candidate.from.name), ...at }));
      found.unresolved.add(foldUsername(entry.name));
    } else {
      found.renames.push({ entry, from: first.from });
    }
  }
  return found;
}

/** The entry's earlier names that may be renamed from, each once; the others are reported. */
function earlierNames<Entry extends RenameEntry>(
  { what, entry, address, listed, claimedBy }: { what: 'user' | 'team'; entry: Entry; address: string; listed: ReadonlySet<string>; claimedBy: Map<string, Entry> },
  found: FoundRenames<Entry>,
): { name: string; at: { path?: ManifestPath } }[] {
  const own = foldUsername(entry.name);
  const names: { name: string; at: { path?: ManifestPath } }[] = [];
  (entry.previously ?? []).forEach((previous, index) => {
    const folded = foldUsername(previous);
    // Its own name (in any case) names nothing to rename.
    if (folded === own) return;
    found.previousNames.add(folded);
    const at = entry.path ? { path: [...entry.path, 'previously', index] } : {};
    const claimer = claimedBy.get(folded);
    if (listed.has(folded)) {
      found.problems.push(problemAt(address, { code: 'rename.previous-listed', what, name: entry.name, previous, ...at }));
      found.unresolved.add(own);
    } else if (claimer && claimer !== entry) {
      found.problems.push(problemAt(address, { code: 'rename.previous-claimed', what, previous, names: [claimer.name, entry.name], ...at }));
      found.unresolved.add(own);
    } else if (!claimer) {
      claimedBy.set(folded, entry);
      names.push({ name: previous, at });
    }
  });
  return names;
}

