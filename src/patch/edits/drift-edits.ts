import { heldDifferences } from '../../drift/detect-drift.js';
import type { Change } from '../../plan/types/index.js';
import { accessEdits } from './access-edits.js';
import { editContext, type DriftFacts, type EditContext } from './edit-context.js';
import { keyEdits } from './key-edits.js';
import { notPatched, type EditOutcome } from './outcome.js';
import { membershipEdits, teamEdits } from './team-edits.js';
import { userEdits } from './user-edits.js';

type Editor<Kind extends Change['kind']> = (change: Extract<Change, { kind: Kind }>, context: EditContext) => EditOutcome;

/**
 * One edit function per kind of change: a new kind is one more entry, and
 * the compiler asks for it.
 */
const EDITORS: { [Kind in Change['kind']]: Editor<Kind> } = {
  'admin-init': (change) => notPatched(change.address, 'admin-init'),
  user: userEdits,
  'user-password': (change) => notPatched(change.address, 'password'),
  'api-key': keyEdits,
  team: teamEdits,
  'team-membership': membershipEdits,
  'environment-access': accessEdits,
  'group-access': accessEdits,
};

/**
 * Drift, accepted: for each change the plan would make to the server, the
 * edit of the manifest that makes the change unnecessary, or why there is
 * none. Held differences are listed, never patched. Pure; no YAML here.
 */
export function editsForDrift(facts: DriftFacts): EditOutcome {
  const context = editContext(facts);
  const outcome: EditOutcome = {
    edits: [],
    notPatched: heldDifferences(facts.plan).map((problem) => ({ address: problem.address, code: 'held' as const, problem })),
  };
  for (const change of facts.plan.changes) {
    const { edits, notPatched: listed } = editorOf(change)(change, context);
    outcome.edits.push(...edits);
    outcome.notPatched.push(...listed);
  }
  return outcome;
}

function editorOf<Kind extends Change['kind']>(change: Extract<Change, { kind: Kind }>): Editor<Kind> {
  return EDITORS[change.kind as Kind];
}
