import type { Node, Scalar, YAMLMap } from 'yaml';
import { yamlModule } from '../../manifest/yaml-module.js';
import { foldUsername } from '../../plan/match.js';
import { commit, type Draft } from './draft.js';
import { entriesOf, listAt, pairAt, scalarAt, scalarValue } from './manifest-source.js';
import type { ListRef, NewListRef, SourceOp } from './source-ops.js';
import { ShapeError } from './source-text.js';
import type { ManifestRole } from '../../plan/types/index.js';
import type { GrantPlace, ManifestEdit } from '../types.js';
import type { NewValue } from './yaml-values.js';

type Edit<Kind extends ManifestEdit['kind']> = Extract<ManifestEdit, { kind: Kind }>;

/**
 * Grant edits on the document: items of a listed environment's or group's
 * `users` or `teams` list, each a name (the default role) or `{ name, role }`.
 */
export function removeGrant(draft: Draft, edit: Edit<'remove-grant'>): void {
  const { list, items } = grantItems(draft, edit);
  if (!list || items.length === 0) throw new ShapeError(`${edit.address} is not written where a patch can edit it`);
  commit(draft, items.map(({ index }): SourceOp => ({ op: 'remove', list, index })));
}

export function addGrant(draft: Draft, edit: Edit<'add-grant'>): void {
  const entry = holderEntry(draft, edit);
  const key = edit.principal === 'user' ? 'users' : 'teams';
  const list: ListRef | NewListRef = listAt(entry, key) ?? { map: entry, key, after: pairAt(entry, 'users') ?? pairAt(entry, 'name'), style: draft.style };
  const value: NewValue = edit.role === undefined ? edit.name : { name: edit.name, role: roleValue(edit.role) };
  commit(draft, [{ op: 'append', list, value, style: draft.style }]);
}

/** Every item granting the name gets the server's role: set in place, written after `name`, or the bare name made `{ name, role }`. */
export function setGrantRole(draft: Draft, edit: Edit<'set-grant-role'>): void {
  const { items } = grantItems(draft, edit);
  if (items.length === 0) throw new ShapeError(`${edit.address} is not written where a patch can edit it`);
  // The default role has no word in a bare name: a `role` already written is set to it.
  const role = roleValue(edit.role ?? 'standard');
  commit(
    draft,
    items.map(({ node }): SourceOp => {
      // A bare name already means the default, so the role a bare name needs is never the default.
      if (yamlModule().isScalar(node)) return { op: 'replace', node: node as Scalar, value: { name: String((node as Scalar).value), role } };
      const map = node as YAMLMap;
      const current = scalarAt(map, 'role');
      if (current && typeof role === 'string') return { op: 'set', node: current, value: role };
      // `role: { id: 0 }` is a mapping: it replaces the value whole, whichever form was written.
      const written = pairAt(map, 'role')?.value;
      return written ? { op: 'replace', node: written as Node, value: role } : { op: 'insert', map, after: pairAt(map, 'name'), key: 'role', value: role };
    }),
  );
}

/** A role as the YAML holds it: a name, or `{ id: 0 }`. */
function roleValue(role: ManifestRole): NewValue {
  return typeof role === 'object' ? { id: role.id } : role;
}

/** The entry of the environment or group, by its exact name, as the planner matched it. */
function holderEntry(draft: Draft, place: GrantPlace): YAMLMap {
  const list = listAt(draft.source.root, place.scope === 'environment' ? 'environments' : 'environmentGroups');
  const entry = entriesOf(list, 'name').find((candidate) => candidate.name === place.resource);
  if (!entry) throw new ShapeError(`${place.scope} ${place.resource} is not written where a patch can edit it`);
  return entry.node;
}

function grantItems(draft: Draft, place: GrantPlace): { list: ListRef | undefined; items: { index: number; node: unknown }[] } {
  const list = listAt(holderEntry(draft, place), place.principal === 'user' ? 'users' : 'teams');
  const { isMap } = yamlModule();
  const items = (list?.seq.items ?? []).flatMap((node, index) => {
    const named = isMap(node) ? scalarValue(pairAt(node as YAMLMap, 'name')?.value) : scalarValue(node);
    return typeof named === 'string' && foldUsername(named) === foldUsername(place.name) ? [{ index, node }] : [];
  });
  return { list, items };
}
