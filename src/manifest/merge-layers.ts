import { foldUsername } from '../plan/match.js';
import type { PathSegment } from './locate.js';

/**
 * Layered manifests (`-f users.yaml -f prod.yaml`): later files add to and
 * override earlier ones. Mappings merge key by key; the named lists merge
 * entry by entry (users by username as Portainer folds it, teams by name
 * folded alike, environments and groups by their exact name, a user's API
 * keys by description, a holder's grants by the name they grant), and the
 * fields of a merged entry override one by one; any other list, and any
 * value of another shape, is replaced whole. The merge works on the raw
 * data, before the schema fills in defaults (an overlay that leaves out a
 * user's `role` keeps the base's), and it records where every value came
 * from, so that a problem found in the merged manifest is reported at the
 * file, line and column that wrote it.
 */

/** Where a value of the merged data came from: a layer and the path in that layer's own data. */
export interface Origin {
  layer: number;
  path: PathSegment[];
  /** Set on a merged mapping or list: the origins of the parts that did not come from `layer` at `path`. */
  children?: Map<PathSegment, Origin>;
}

export interface MergedLayers {
  data: Record<string, unknown>;
  origin: Origin;
}

type Record_ = Record<string, unknown>;
type KeyOf = (entry: unknown) => string | undefined;

const byFoldedField = (field: string): KeyOf => (entry) => {
  const value = isRecord(entry) ? entry[field] : undefined;
  return typeof value === 'string' && value !== '' ? foldUsername(value) : undefined;
};
const byField = (field: string): KeyOf => (entry) => {
  const value = isRecord(entry) ? entry[field] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
};
/** A grant is a bare name or `{ name, role }`; names folded as Portainer folds usernames and team names. */
const byGrantName: KeyOf = (entry) => (typeof entry === 'string' && entry !== '' ? foldUsername(entry) : byFoldedField('name')(entry));

/** How the list at `path` is merged: by which key of its entries, or (undefined) replaced whole. */
function keyOfListAt(path: readonly PathSegment[]): KeyOf | undefined {
  const [top, , inner] = path;
  if (path.length === 1) {
    if (top === 'users') return byFoldedField('username');
    if (top === 'teams') return byFoldedField('name');
    if (top === 'environments' || top === 'environmentGroups') return byField('name');
    return undefined;
  }
  if (path.length === 2 && top === 'admin' && path[1] === 'apiKeys') return byField('description');
  if (path.length === 3 && top === 'users' && inner === 'apiKeys') return byField('description');
  if (path.length === 3 && (top === 'environments' || top === 'environmentGroups') && (inner === 'users' || inner === 'teams')) return byGrantName;
  return undefined;
}

export function mergeLayers(layers: readonly Record_[]): MergedLayers {
  let merged: { value: unknown; origin: Origin } = { value: layers[0] ?? {}, origin: { layer: 0, path: [] } };
  layers.slice(1).forEach((layer, index) => {
    merged = mergeValue(merged, { value: layer, origin: { layer: index + 1, path: [] } }, []);
  });
  return { data: merged.value as Record_, origin: merged.origin };
}

interface Located {
  value: unknown;
  origin: Origin;
}

function mergeValue(base: Located, over: Located, path: PathSegment[]): Located {
  if (isRecord(base.value) && isRecord(over.value)) return mergeMapping(base as Located & { value: Record_ }, over as Located & { value: Record_ }, path);
  const keyOf = keyOfListAt(path);
  if (keyOf && Array.isArray(base.value) && Array.isArray(over.value)) return mergeNamedList(base, over, path, keyOf);
  return over;
}

function mergeMapping(base: Located & { value: Record_ }, over: Located & { value: Record_ }, path: PathSegment[]): Located {
  const value: Record_ = { ...base.value };
  const origin = branchOf(base.origin);
  for (const [key, overValue] of Object.entries(over.value)) {
    const overOrigin = childOrigin(over.origin, key);
    if (key in value) {
      const mergedChild = mergeValue({ value: value[key], origin: childOrigin(origin, key) }, { value: overValue, origin: overOrigin }, [...path, key]);
      value[key] = mergedChild.value;
      origin.children?.set(key, mergedChild.origin);
    } else {
      value[key] = overValue;
      origin.children?.set(key, overOrigin);
    }
  }
  return { value, origin };
}

/**
 * Entries of the overlay with a name the list has are merged into that entry;
 * the others are added at the end. An overlay entry whose name an earlier
 * entry of the same overlay has claimed is added too, so that the duplicate
 * is reported in the file that wrote it twice instead of merged away.
 */
function mergeNamedList(base: Located, over: Located, path: PathSegment[], keyOf: KeyOf): Located {
  const value = [...(base.value as unknown[])];
  const origin = branchOf(base.origin);
  const index = new Map<string, number>();
  value.forEach((entry, position) => {
    const key = keyOf(entry);
    if (key !== undefined && !index.has(key)) index.set(key, position);
  });
  const claimed = new Set<string>();
  (over.value as unknown[]).forEach((entry, position) => {
    const key = keyOf(entry);
    const overOrigin = childOrigin(over.origin, position);
    const target = key === undefined || claimed.has(key) ? undefined : index.get(key);
    if (key !== undefined) claimed.add(key);
    if (target === undefined) {
      if (key !== undefined && !index.has(key)) index.set(key, value.length);
      origin.children?.set(value.length, overOrigin);
      value.push(entry);
      return;
    }
    const mergedEntry = mergeGrantOrEntry({ value: value[target], origin: childOrigin(origin, target) }, { value: entry, origin: overOrigin }, [...path, target]);
    value[target] = mergedEntry.value;
    origin.children?.set(target, mergedEntry.origin);
  });
  return { value, origin };
}

/** A grant given as a bare name merges with one given as `{ name, role }`: the name alone overrides only the name. */
function mergeGrantOrEntry(base: Located, over: Located, path: PathSegment[]): Located {
  if (typeof over.value === 'string' && isRecord(base.value)) {
    return mergeMapping(base as Located & { value: Record_ }, { value: { name: over.value }, origin: over.origin }, path);
  }
  return mergeValue(base, over, path);
}

/** A copy of `origin` that can record where its parts came from. */
function branchOf(origin: Origin): Origin {
  return { layer: origin.layer, path: origin.path, children: new Map(origin.children ?? []) };
}

function childOrigin(origin: Origin, segment: PathSegment): Origin {
  return origin.children?.get(segment) ?? { layer: origin.layer, path: [...origin.path, segment] };
}

/** Which layer wrote the value at `path` of the merged data, and where in that layer. */
export function originAt(origin: Origin, path: readonly PathSegment[]): { layer: number; path: PathSegment[] } {
  let node = origin;
  for (const [position, segment] of path.entries()) {
    const child = node.children?.get(segment);
    if (!child) return { layer: node.layer, path: [...node.path, ...path.slice(position)] };
    node = child;
  }
  return { layer: node.layer, path: node.path };
}

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
