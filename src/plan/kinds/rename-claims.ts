import { foldUsername } from '../match.js';
import { problemAt, type Problem } from '../types/problems.js';
import type { ManifestPath } from '../types/index.js';

/** A manifest entry that may name its earlier names: a user or a team. */
export interface RenameEntry {
  previously?: readonly string[];
  path?: ManifestPath;
}

/** Manifest entries or server things, and how each is named (a user's `username`, a team's `name`). */
export interface Named<T> {
  items: readonly T[];
  nameOf(item: T): string;
}

export interface FoundRenames<Entry, Thing> {
  /** Entries the server has under one earlier name only: each renames `from` in place. */
  renames: { entry: Entry; from: Thing }[];
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
export function findRenames<Entry extends RenameEntry, Thing>(
  what: 'user' | 'team',
  entries: Named<Entry>,
  server: Named<Thing>,
  addressOf: (name: string) => string,
): FoundRenames<Entry, Thing> {
  const found: FoundRenames<Entry, Thing> = { renames: [], problems: [], previousNames: new Set(), unresolved: new Set() };
  if (!entries.items.some((entry) => entry.previously && entry.previously.length > 0)) return found;
  const onServer = new Map<string, Thing[]>();
  for (const thing of server.items) {
    const key = foldUsername(server.nameOf(thing));
    const namesakes = onServer.get(key);
    if (namesakes) namesakes.push(thing);
    else onServer.set(key, [thing]);
  }
  const listed = new Set(entries.items.map((entry) => foldUsername(entries.nameOf(entry))));
  const claimedBy = new Map<string, { entry: Entry; name: string }>();
  for (const entry of entries.items) {
    if (!entry.previously || entry.previously.length === 0) continue;
    const name = entries.nameOf(entry);
    const address = addressOf(name);
    const earlier = earlierNames({ what, entry, name, address, listed, claimedBy }, found);
    const candidates = earlier.flatMap((previous) => (onServer.get(foldUsername(previous.name)) ?? []).map((from) => ({ ...previous, from })));
    const [first] = candidates;
    if (!first) continue;
    if (onServer.has(foldUsername(name))) {
      found.problems.push(problemAt(address, { code: 'rename.name-taken', what, name, previous: server.nameOf(first.from), ...first.at }));
    } else if (candidates.length > 1) {
      const at = entry.path ? { path: [...entry.path, 'previously'] } : {};
      found.problems.push(problemAt(address, { code: 'rename.ambiguous', what, name, previous: candidates.map((candidate) => server.nameOf(candidate.from)), ...at }));
      found.unresolved.add(foldUsername(name));
    } else {
      found.renames.push({ entry, from: first.from });
    }
  }
  return found;
}

/** The entry's earlier names that may be renamed from, each once; the others are reported. */
function earlierNames<Entry extends RenameEntry>(
  { what, entry, name, address, listed, claimedBy }: { what: 'user' | 'team'; entry: Entry; name: string; address: string; listed: ReadonlySet<string>; claimedBy: Map<string, { entry: Entry; name: string }> },
  found: FoundRenames<Entry, unknown>,
): { name: string; at: { path?: ManifestPath } }[] {
  const own = foldUsername(name);
  const names: { name: string; at: { path?: ManifestPath } }[] = [];
  (entry.previously ?? []).forEach((previous, index) => {
    const folded = foldUsername(previous);
    // Its own name (in any case) names nothing to rename.
    if (folded === own) return;
    found.previousNames.add(folded);
    const at = entry.path ? { path: [...entry.path, 'previously', index] } : {};
    const claimer = claimedBy.get(folded);
    if (listed.has(folded)) {
      found.problems.push(problemAt(address, { code: 'rename.previous-listed', what, name, previous, ...at }));
      found.unresolved.add(own);
    } else if (claimer && claimer.entry !== entry) {
      found.problems.push(problemAt(address, { code: 'rename.previous-claimed', what, previous, names: [claimer.name, name], ...at }));
      found.unresolved.add(own);
    } else if (!claimer) {
      claimedBy.set(folded, { entry, name });
      names.push({ name: previous, at });
    }
  });
  return names;
}

