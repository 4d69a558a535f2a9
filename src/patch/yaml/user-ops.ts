import type { YAMLMap } from 'yaml';
import { yamlModule } from '../../manifest/yaml-module.js';
import { foldUsername } from '../../plan/match.js';
import { commit, liveClaims, type Draft } from './draft.js';
import { claimsNaming, findUser, listAt, pairAt, refuseUnreadList, scalarAt, type UserEntry } from './manifest-source.js';
import type { SourceOp } from './source-ops.js';
import { ShapeError } from './source-text.js';
import type { ManifestEdit } from '../types.js';

type Edit<Kind extends ManifestEdit['kind']> = Extract<ManifestEdit, { kind: Kind }>;

/**
 * User and key edits on the document. A removed user takes its entry and
 * every team list that names it; a role is set in place, or written after
 * the username when the entry had none; keys are items of the user's own
 * `apiKeys` (the admin block's too).
 */
export function removeUser(draft: Draft, edit: Edit<'remove-user'>): void {
  const entry = userEntry(draft, edit.username);
  const users = draft.source.users;
  if (!users) throw new ShapeError('users is not a plain list');
  const named = liveClaims(draft, claimsNaming(draft.source, { username: edit.username }).filter((claim) => claim.in === 'team'));
  commit(draft, [{ op: 'remove', list: users, index: entry.index }, ...named.map((claim): SourceOp => ({ op: 'remove', list: claim.list, index: claim.index }))]);
  draft.removedEntries.add(entry.node);
  for (const claim of named) draft.removedClaims.add(claim);
}

export function setRole(draft: Draft, edit: Edit<'set-role'>): void {
  const entry = userEntry(draft, edit.username);
  const role = scalarAt(entry.node, 'role');
  commit(draft, [role ? { op: 'set', node: role, value: edit.role } : { op: 'insert', map: entry.node, after: pairAt(entry.node, 'username'), key: 'role', value: edit.role }]);
}

export function addUser(draft: Draft, edit: Edit<'add-user'>): void {
  refuseUnreadList(draft.source, 'users');
  draft.newUsers.push({ username: edit.username, ...(edit.role === 'admin' ? { role: 'admin' } : {}), password: { env: edit.passwordEnv } });
}

export function removeKey(draft: Draft, edit: Edit<'remove-key'>): void {
  const keys = keysOf(draft, edit.username);
  const index = keys.seq.items.findIndex((item) => yamlModule().isMap(item) && scalarOf(item as YAMLMap, 'description') === edit.description);
  if (index === -1) throw new ShapeError(`${edit.username}'s key ${edit.description} is not written where a patch can edit it`);
  commit(draft, [{ op: 'remove', list: keys, index }]);
}

export function addKey(draft: Draft, edit: Edit<'add-key'>): void {
  commit(draft, [{ op: 'append', list: keysOf(draft, edit.username), value: { description: edit.description }, style: draft.style }]);
}

function userEntry(draft: Draft, username: string): UserEntry {
  const entry = findUser(draft.source, username);
  if (!entry) throw new ShapeError(`${username}'s entry is not where a patch can edit it`);
  return entry;
}

/** The `apiKeys` list of a user's entry, or of the admin block. */
function keysOf(draft: Draft, username: string) {
  const { admin } = draft.source;
  const owner = admin && foldUsername(String(scalarAt(admin, 'username')?.value ?? '')) === foldUsername(username) ? admin : userEntry(draft, username).node;
  const keys = listAt(owner, 'apiKeys');
  if (!keys) throw new ShapeError(`${username}'s apiKeys are not where a patch can edit them`);
  return keys;
}

function scalarOf(map: YAMLMap, key: string): unknown {
  try {
    return scalarAt(map, key)?.value;
  } catch {
    return undefined;
  }
}
