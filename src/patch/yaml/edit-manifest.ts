import { foldUsername } from '../../plan/match.js';
import { addGrant, removeGrant, setGrantRole } from './access-ops.js';
import { isRemoved, liveClaims, newTeamOf, startDraft, type Draft } from './draft.js';
import { isUnread, pairAt, readManifestSource, refuseUnreadList, type ManifestSource } from './manifest-source.js';
import { isNewList, type ListRef, type NewListRef, type SourceOp } from './source-ops.js';
import { spliceOps } from './source-splices.js';
import { applySplices } from './splices.js';
import { ShapeError } from './source-text.js';
import { addMember, addTeam, removeMember, removeTeam, setMemberRole } from './team-ops.js';
import type { ManifestEdit, NotPatched } from '../types.js';
import { addKey, addUser, removeKey, removeUser, setRole } from './user-ops.js';
import type { NewValue } from './yaml-values.js';

/** What the document alone cannot say: the server's teams, and whether prune deletes the ones a manifest does not list. */
export interface TeamFacts {
  pruneTeams: boolean;
  serverTeams: readonly string[];
}

type Operation<Kind extends ManifestEdit['kind']> = (draft: Draft, edit: Extract<ManifestEdit, { kind: Kind }>) => void;

const OPERATIONS: { [Kind in ManifestEdit['kind']]: Operation<Kind> } = {
  'remove-user': removeUser,
  'remove-team': removeTeam,
  'set-role': setRole,
  'add-user': addUser,
  'remove-key': removeKey,
  'add-key': addKey,
  'remove-member': removeMember,
  'set-member-role': setMemberRole,
  'add-member': addMember,
  'add-team': addTeam,
  'add-grant': addGrant,
  'set-grant-role': setGrantRole,
  'remove-grant': removeGrant,
};

/** Removals first: a later edit then knows which entries and claims are gone. */
const ORDER: ManifestEdit['kind'][] = ['remove-user', 'remove-team'];

/**
 * The manifest's text with the edits made on its YAML document: each edit
 * replaces only the spans of the entries it changes, so every other byte
 * (comments, order, quoting, flow or block style, blank lines) stays. An
 * edit the document cannot take (an alias, an anchor, a merge key) is listed
 * instead of made.
 */
export function editManifestText(text: string, edits: readonly ManifestEdit[], facts: TeamFacts): { text: string; made: ManifestEdit[]; notPatched: NotPatched[] } {
  if (edits.length === 0) return { text, made: [], notPatched: [] };
  const draft = startDraft(readManifestSource(text));
  const made = new Set<ManifestEdit>();
  const notPatched: NotPatched[] = [];
  const rank = (edit: ManifestEdit) => {
    const position = ORDER.indexOf(edit.kind);
    return position === -1 ? ORDER.length : position;
  };
  for (const edit of [...edits].sort((a, b) => rank(a) - rank(b))) {
    try {
      operationOf(edit)(draft, edit);
      made.add(edit);
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      notPatched.push({ address: edit.address, code: 'yaml-shape' });
    }
  }
  keepVanishedTeams(draft, edits, facts);
  const ops = [...withoutRemovedEntries(draft), ...appendedEntries(draft)];
  // New lines end the way the file's lines do.
  const crlf = text.includes('\r\n');
  const splices = spliceOps(text, ops).map((splice) => (crlf ? { ...splice, text: splice.text.replace(/\r?\n/g, '\r\n') } : splice));
  return { text: applySplices(text, splices), made: edits.filter((edit) => made.has(edit)), notPatched };
}

/** An entry removed whole takes every other edit inside it along (a claim in a removed team, a key of a removed user). */
function withoutRemovedEntries(draft: Draft): SourceOp[] {
  // Entries never overlap one another: sorted by start, the one that could hold a position is the last starting at or before it.
  const removed = [...draft.removedEntries].flatMap((node) => (node.range ? [node.range] : [])).sort((a, b) => a[0] - b[0]);
  const inRemoved = (at: number | undefined) => {
    if (at === undefined) return false;
    let [low, high] = [0, removed.length - 1];
    while (low <= high) {
      const middle = (low + high) >> 1;
      const range = removed[middle] as readonly number[];
      if ((range[0] as number) > at) high = middle - 1;
      else if (at >= (range[2] as number)) low = middle + 1;
      else return true;
    }
    return false;
  };
  return draft.ops.filter((op) => !inRemoved(targetOf(op).range?.[0]));
}

function targetOf(op: SourceOp): { range?: readonly number[] | null } {
  if (op.op === 'remove') return op.list.seq;
  if (op.op === 'append') return isNewList(op.list) ? op.list.map : op.list.seq;
  if (op.op === 'insert') return op.map;
  return op.node;
}

function operationOf<Kind extends ManifestEdit['kind']>(edit: Extract<ManifestEdit, { kind: Kind }>): Operation<Kind> {
  return OPERATIONS[edit.kind as Kind];
}

/**
 * A team the server has that the manifest named only through claims the
 * patch removed would drop out of the manifest, and prune.teams would then
 * delete it: it stays, as an entry of its own.
 */
function keepVanishedTeams(draft: Draft, edits: readonly ManifestEdit[], facts: TeamFacts): void {
  if (!facts.pruneTeams || isUnread(draft.source, 'teams')) return;
  const removed = new Set(edits.flatMap((edit) => (edit.kind === 'remove-team' ? [foldUsername(edit.team)] : [])));
  const onServer = new Set(facts.serverTeams.map(foldUsername));
  const before = namesOf([...draft.source.teamEntries.map((entry) => entry.name), ...draft.source.claims.map((claim) => claim.team)]);
  const after = new Set([
    ...draft.source.teamEntries.filter((entry) => !isRemoved(draft, entry)).map((entry) => foldUsername(entry.name)),
    ...liveClaims(draft, draft.source.claims).map((claim) => foldUsername(claim.team)),
    ...draft.newTeams.keys(),
    ...draft.claimedByUsers,
  ]);
  const stillManaged = draft.source.teams !== undefined || after.size > 0;
  for (const [folded, name] of before) {
    if (stillManaged && !after.has(folded) && !removed.has(folded) && onServer.has(folded)) newTeamOf(draft, name);
  }
}

/** New users at the end of `users`, new teams at the end of `teams` (each list made when the manifest has none). */
function appendedEntries(draft: Draft): SourceOp[] {
  const { source } = draft;
  const teams = [...draft.newTeams.values()].map((team): NewValue => ({
    name: team.name,
    ...(team.leaders.length > 0 ? { leaders: team.leaders } : {}),
    ...(team.members.length > 0 ? { members: team.members } : {}),
  }));
  const users = rootList(source, 'users', ['version', 'admin']);
  const teamList = rootList(source, 'teams', ['version', 'admin', 'users']);
  return [
    ...draft.newUsers.map((value): SourceOp => ({ op: 'append', list: users, value, style: draft.style })),
    ...teams.map((value): SourceOp => ({ op: 'append', list: teamList, value, style: draft.style })),
  ];
}

/** A top-level list, or where a new one goes: after the last of the keys that come before it in the schema's order. */
function rootList(source: ManifestSource, key: 'users' | 'teams', before: string[]): ListRef | NewListRef {
  const existing = key === 'users' ? source.users : source.teams;
  if (existing) return existing;
  refuseUnreadList(source, key);
  const after = before.map((name) => pairAt(source.root, name)).filter((pair) => pair !== undefined).at(-1);
  return { map: source.root, key, after, style: 'block' };
}

function namesOf(names: readonly string[]): Map<string, string> {
  const byFolded = new Map<string, string>();
  for (const name of names) if (!byFolded.has(foldUsername(name))) byFolded.set(foldUsername(name), name);
  return byFolded;
}
