import type { Change, Problem } from '../plan/types.js';
import { editsForDrift } from './drift-edits.js';
import type { DriftFacts } from './edit-context.js';
import { editManifestText } from './edit-manifest.js';
import type { ManifestPatch, NotPatched } from './types.js';

/** A plan of a manifest text against the same server and context: how the patch is checked. */
export type Replan = (text: string) => { changes: readonly Change[]; problems: readonly Problem[] };

/**
 * Drift accepted into the manifest's text: the edits (drift-edits.ts), made
 * on its YAML (edit-manifest.ts), then checked by planning the patched text
 * again. A change that plan still makes, or an error it did not have, is
 * listed as `unresolved` rather than left for a reviewer to find: a patch
 * never claims more than it does. Pure, given a pure `replan`.
 */
export function patchManifest(text: string, facts: DriftFacts, replan: Replan): ManifestPatch {
  const proposed = editsForDrift(facts);
  const edited = editManifestText(text, proposed.edits, {
    pruneTeams: facts.desired.prune.teams === true,
    serverTeams: (facts.observed.teams ?? []).map((team) => team.name),
  });
  const notPatched = [...proposed.notPatched, ...edited.notPatched];
  const unresolved = edited.text === text ? [] : leftOver(replan(edited.text), facts, notPatched);
  return { original: text, patched: edited.text, edits: edited.made, notPatched: [...notPatched, ...unresolved] };
}

function leftOver(after: ReturnType<Replan>, facts: DriftFacts, listed: readonly NotPatched[]): NotPatched[] {
  const known = new Set(listed.map((item) => item.address));
  const errorsBefore = new Set(facts.plan.problems.filter(isError).map(problemKey));
  const addresses = [
    ...after.changes.map((change) => change.address),
    ...after.problems.filter((problem) => isError(problem) && !errorsBefore.has(problemKey(problem))).map((problem) => problem.address),
  ];
  return [...new Set(addresses)].filter((address) => !known.has(address)).map((address) => ({ address, code: 'unresolved' as const }));
}

function isError(problem: Problem): boolean {
  return problem.severity === 'error';
}

function problemKey(problem: Problem): string {
  return `${problem.code} ${problem.address}`;
}
