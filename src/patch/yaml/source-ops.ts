import type { Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { NewValue, ListStyle } from './yaml-values.js';

/**
 * Edits of the YAML document, as data on its nodes: remove an item of a
 * list, append to a list (one that exists, or one a key will hold), set a
 * scalar, replace a scalar with a value, add a key after another. They are
 * collected first and turned into text splices at once (source-splices.ts),
 * so several edits of one list become one coherent change of it.
 */

/** A list the manifest has, under its key. */
export interface ListRef {
  seq: YAMLSeq;
  pair: Pair;
}

/** A list the manifest does not have yet: `key` of `map`, written after `after` (or last). */
export interface NewListRef {
  map: YAMLMap;
  key: string;
  after: Pair | undefined;
  style: ListStyle;
}

export type SourceOp =
  | { op: 'remove'; list: ListRef; index: number }
  | { op: 'append'; list: ListRef | NewListRef; value: NewValue; style: ListStyle }
  | { op: 'set'; node: Scalar; value: string }
  | { op: 'replace'; node: Node; value: NewValue }
  | { op: 'insert'; map: YAMLMap; after: Pair | undefined; key: string; value: NewValue };

export function isNewList(list: ListRef | NewListRef): list is NewListRef {
  return 'key' in list;
}
