import type { ManifestEdit, ManifestPatch, NotPatched } from '../../patch/types.js';
import { compareText } from '../../plan/match.js';
import { roleText } from '../../plan/kinds/access-roles.js';
import { assertNever } from '../../plan/types/index.js';
import { ACTIONS } from '../common/actions.js';
import { printable } from '../common/printable.js';
import { describeProblem } from '../common/problem-words.js';
import { plural } from '../common/plural.js';

/** What one edit did to the manifest, as a line of `drift --write`'s summary. */
export function editLine(edit: ManifestEdit): string {
  return `${ACTIONS[EDIT_ACTIONS[edit.kind]].symbol} ${printable(edit.address)}: ${printable(editWords(edit))}`;
}

/** What each edit does to the manifest, shown with the plan's symbols. */
const EDIT_ACTIONS: Record<ManifestEdit['kind'], 'create' | 'update' | 'delete'> = {
  'set-role': 'update',
  'add-user': 'create',
  'remove-user': 'delete',
  'add-key': 'create',
  'remove-key': 'delete',
  'add-member': 'create',
  'set-member-role': 'update',
  'remove-member': 'delete',
  'add-team': 'create',
  'remove-team': 'delete',
  'add-grant': 'create',
  'set-grant-role': 'update',
  'remove-grant': 'delete',
};

function editWords(edit: ManifestEdit): string {
  switch (edit.kind) {
    case 'set-role':
      return `role set to ${edit.role}, as on the server`;
    case 'add-user':
      return `added with the role ${edit.role}, as on the server; its password is { env: ${edit.passwordEnv} }, needed only to create it or its keys`;
    case 'remove-user':
      return 'removed: the server has no such user';
    case 'add-key':
      return `API key "${edit.description}" added to ${edit.username}'s apiKeys, as on the server`;
    case 'remove-key':
      return `API key "${edit.description}" removed from ${edit.username}'s apiKeys: the server has no such key`;
    case 'add-member':
      return `${edit.username} added to team ${edit.team} as a ${edit.role}, as on the server`;
    case 'set-member-role':
      return `${edit.username} made a ${edit.role} of team ${edit.team}, as on the server`;
    case 'remove-member':
      return `${edit.username} removed from team ${edit.team}: not in it on the server`;
    case 'add-team': {
      const count = edit.members.length;
      return `team added with its ${count} ${count === 1 ? 'member' : 'members'}, as on the server`;
    }
    case 'remove-team':
      return 'team removed: the server has no such team';
    case 'add-grant':
      return `${edit.principal} ${edit.name} given access to ${edit.scope === 'environment' ? 'environment' : 'environment group'} ${edit.resource}${edit.role ? ` as ${roleText(edit.role)}` : ''}, as on the server`;
    case 'set-grant-role':
      return `${edit.principal} ${edit.name}'s role on ${edit.resource} set to ${roleText(edit.role ?? 'standard')}, as on the server`;
    case 'remove-grant':
      return `${edit.principal} ${edit.name}'s access to ${edit.resource} removed: the server does not grant it`;
    default:
      return assertNever(edit);
  }
}

/** Why a difference is not in the patch, in one sentence. */
export function notPatchedReason(item: NotPatched): string {
  switch (item.code) {
    case 'held':
      return `held back for safety (${item.problem ? describeProblem(item.problem) : 'a safety rule'}); change the manifest by hand if the server is right`;
    case 'password':
      return "passwords are write-only: the server's cannot be read to write down; update the secret the manifest names, or let apply reset it";
    case 'admin-init':
      return 'the server has no administrator; apply initialises the admin block';
    case 'admin-block':
      return 'the admin block is always in the manifest, and always an administrator';
    case 'protected':
      return 'the user matches prune.protect, and a patch never adds or removes a protected user';
    case 'key-rotation':
      return "the key is older than its rotateAfter, so the manifest asks for a new one; change rotateAfter by hand to keep it";
    case 'key-replace':
      return 'the key is replaced because --replace names it, not because the manifest differs';
    case 'rename':
      return "the manifest renames it (previously names the server's name): apply renames it in place; remove the entry's new name by hand to keep the old one";
    case 'key-raw-value':
      return "nobody holds the key's raw value, so apply replaces it";
    case 'duplicate-key':
      return 'the server has several keys with this description, and the manifest can list a description only once';
    case 'unrepresentable':
      return "the server's name or description is not one a manifest can hold";
    case 'member-unmanaged':
      return 'a team member is a server user that prune.users would delete and a safety rule keeps, which the manifest cannot name';
    case 'grant-unnameable':
      return 'the grant names an id that is no user or team any more, or a user or team that prune would delete, neither of which a manifest can say';
    case 'yaml-shape':
      return 'the manifest writes this entry with an alias, an anchor or a merge key, which an edit would change elsewhere too';
    case 'unresolved':
      return 'a plan of the patched manifest still differs here (a defect: please report it)';
    default:
      return assertNever(item.code);
  }
}

export function notPatchedLine(item: NotPatched): string {
  return `Not patched: ${printable(item.address)}: ${printable(notPatchedReason(item))}`;
}

/**
 * `drift --write`'s report: a line per edit (by address, as the drift
 * report), then what it came to, counted so that it adds up with the drift
 * report's differences (their addresses): one edit may accept several (a
 * team removed takes its memberships along), and every difference is either
 * accepted or listed as not patched.
 */
export function renderWriteSummary(patch: ManifestPatch, file: string, differences: readonly string[]): string {
  const total = new Set(differences);
  const left = new Set(patch.notPatched.map((item) => item.address).filter((address) => total.has(address))).size;
  const others = new Set(patch.notPatched.map((item) => item.address).filter((address) => !total.has(address))).size;
  const otherwise = others > 0 ? ` ${plural(others, 'other address', 'other addresses')} still ${others === 1 ? 'differs' : 'differ'} after the edits (listed on stderr).` : '';
  if (patch.original === patch.patched) {
    const none = left === 0 ? '' : left === 1 ? ' The difference is not patched (listed on stderr).' : ` None of the ${left} differences is patched (listed on stderr).`;
    return `No change to ${printable(file)}: there is no difference a patch can accept.${none}${otherwise}\n`;
  }
  const lines = [...patch.edits].sort((a, b) => compareText(a.address, b.address)).map((edit) => `  ${editLine(edit)}`);
  const accepted = total.size - left;
  const edits = `${plural(patch.edits.length, 'edit', 'edits')} ${patch.edits.length === 1 ? 'accepts' : 'accept'}`;
  const what =
    left === 0
      ? `${accepted === 1 ? 'the difference' : `all ${accepted} differences`}.`
      : `${accepted} of the ${plural(total.size, 'difference', 'differences')}; ${left} ${left === 1 ? 'is' : 'are'} not patched (listed on stderr).`;
  return `${[...lines, `Wrote ${printable(file)}: ${edits} ${what}${otherwise}`].join('\n')}\n`;
}
