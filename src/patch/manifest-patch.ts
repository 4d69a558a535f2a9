import type { Change, DesiredState, Problem } from '../plan/types/index.js';
import { editsForDrift } from './edits/drift-edits.js';
import type { DriftFacts } from './edits/edit-context.js';
import { editManifestText } from './yaml/edit-manifest.js';
import type { ManifestPatch, NotPatched } from './types.js';

/**
 * A plan of a manifest text against the same server and context: how the
 * patch is checked. With the text's desired state, a difference one edit
 * reveals (a grant of a team the patch adds back) is patched in another round.
 */
export type Replan = (text: string) => { changes: readonly Change[]; problems: readonly Problem[]; desired?: DesiredState };

/** An edit can make another difference plannable (a team added back makes its grants resolvable); a few rounds settle every such chain. */
const MAX_ROUNDS = 3;

/**
 * Drift accepted into the manifest's text: the edits (drift-edits.ts), made
 * on its YAML (edit-manifest.ts), then checked by planning the patched text
 * again. A change that plan still makes, or an error it did not have, is
 * listed as `unresolved` rather than left for a reviewer to find: a patch
 * never claims more than it does. Pure, given a pure `replan`.
 */
export function patchManifest(text: string, facts: DriftFacts, replan: Replan): ManifestPatch {
  const teamFacts = { pruneTeams: facts.desired.prune.teams === true, serverTeams: (facts.observed.teams ?? []).map((team) => team.name) };
  const made: ManifestPatch['edits'] = [];
  const notPatched: NotPatched[] = [];
  let patched = text;
  let round: DriftFacts = facts;
  let unresolved: NotPatched[] = [];
  for (let count = 0; count < MAX_ROUNDS; count += 1) {
    const proposed = editsForDrift(round);
    const edited = editManifestText(patched, proposed.edits, teamFacts);
    made.push(...edited.made);
    addNew(notPatched, [...proposed.notPatched, ...edited.notPatched]);
    if (edited.text === patched) break;
    patched = edited.text;
    const after = replan(patched);
    unresolved = leftOver(after, facts, notPatched);
    if (unresolved.length === 0 || !after.desired) break;
    round = { ...facts, plan: { changes: [...after.changes], problems: [...after.problems] }, desired: after.desired };
  }
  return { original: text, patched, edits: made, notPatched: [...notPatched, ...unresolved] };
}

/** A later round lists again what an earlier one listed (a held difference): once is enough. */
function addNew(list: NotPatched[], items: readonly NotPatched[]): void {
  const seen = new Set(list.map((item) => `${item.code} ${item.address}`));
  for (const item of items) if (!seen.has(`${item.code} ${item.address}`)) list.push(item);
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
