import type { Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { yamlModule } from '../../manifest/yaml-module.js';
import { afterColon, blockItemSpan, blockSpan, columnOf, contentEnd, itemsSpacedOut, lineStart, removalSpan, ShapeError } from './source-text.js';
import { isNewList, type ListRef, type NewListRef, type SourceOp } from './source-ops.js';
import type { Splice } from './splices.js';
import { flowText, indent, itemLines, pairLines, scalarText, type ListStyle, type NewValue } from './yaml-values.js';

interface ListChange {
  list: ListRef;
  removed: Set<number>;
  appended: NewValue[];
  style: ListStyle;
}

/**
 * The text splices that make a set of edits: each list changed once (its
 * removals and appends together), each new key written once with all its
 * items. Only the spans of edited entries are touched.
 */
export function spliceOps(text: string, ops: readonly SourceOp[]): Splice[] {
  const lists = new Map<YAMLSeq, ListChange>();
  const newLists = new Map<YAMLMap, Map<string, { list: NewListRef; values: NewValue[] }>>();
  const splices: Splice[] = [];
  const changeOf = (list: ListRef) => {
    let change = lists.get(list.seq);
    if (!change) lists.set(list.seq, (change = { list, removed: new Set(), appended: [], style: 'flow' }));
    return change;
  };
  for (const op of ops) {
    if (op.op === 'remove') changeOf(op.list).removed.add(op.index);
    else if (op.op === 'append' && !isNewList(op.list)) {
      const change = changeOf(op.list);
      change.appended.push(op.value);
      change.style = op.style;
    }
    else if (op.op === 'append' && isNewList(op.list)) newListOf(newLists, op.list).values.push(op.value);
    else if (op.op === 'set') splices.push(setScalar(text, op.node, op.value));
    else if (op.op === 'replace') splices.push(replaceNode(op.node, op.value));
    else if (op.op === 'insert') splices.push(insertPair(text, op.map, op.after, op.key, op.value, 'flow'));
  }
  for (const change of lists.values()) splices.push(...listSplices(text, change));
  for (const byKey of newLists.values()) {
    for (const { list, values } of byKey.values()) splices.push(insertPair(text, list.map, list.after, list.key, values, list.style));
  }
  return splices;
}

function newListOf(newLists: Map<YAMLMap, Map<string, { list: NewListRef; values: NewValue[] }>>, list: NewListRef) {
  let byKey = newLists.get(list.map);
  if (!byKey) newLists.set(list.map, (byKey = new Map()));
  let entry = byKey.get(list.key);
  if (!entry) byKey.set(list.key, (entry = { list, values: [] }));
  return entry;
}

/**
 * A scalar's new value, quoted the way the old one was; a comment after it
 * on its line stays in its column (the spaces before it grow or shrink,
 * down to one).
 */
function setScalar(source: string, node: Scalar, value: string): Splice {
  const [start, end] = rangeOf(node);
  const text = node.type === 'QUOTE_DOUBLE' ? JSON.stringify(value) : node.type === 'QUOTE_SINGLE' ? `'${value.replace(/'/g, "''")}'` : scalarText(value);
  const after = /[ \t]+(?=#)/y;
  after.lastIndex = end;
  const spaces = after.exec(source)?.[0];
  if (!spaces || spaces.includes('\t')) return { start, end, text };
  const width = Math.max(1, spaces.length - (text.length - (end - start)));
  return { start, end: end + spaces.length, text: text + ' '.repeat(width) };
}

function replaceNode(node: Node, value: NewValue): Splice {
  const [start, end] = rangeOf(node);
  return { start, end, text: flowText(value) };
}

function listSplices(text: string, change: ListChange): Splice[] {
  const { seq } = change.list;
  if (seq.flow) return flowListSplices(text, change);
  const items = seq.items as Node[];
  const last = items.at(-1);
  if (!last) throw new ShapeError('an empty block list');
  const appending = change.appended.length > 0;
  // New items take the place of a removed last item: it keeps the blank line after it, and the first new item needs none before.
  const lastRemoved = change.removed.has(items.length - 1);
  // By the removed indices, not the whole list: one edit of a 50,000-user list is checked alone, then all at once.
  const splices: Splice[] = [...change.removed].map((index) => {
    const item = items[index] as Node;
    const span = appending && item === last ? blockItemSpan(text, item) : removalSpan(text, item, index === 0, index === items.length - 1);
    return { start: span.start, end: span.end, text: '' };
  });
  if (appending) {
    const span = blockItemSpan(text, last);
    const gap = itemsSpacedOut(text, items) ? '\n' : '';
    const lines = change.appended.map((value, index) => (index === 0 && lastRemoved ? '' : gap) + linesText(indent(itemLines(value, change.style), span.column)));
    splices.push({ start: span.end, end: span.end, text: startsOnNewLine(text, span.end) + lines.join(''), column: span.column });
  } else if (change.removed.size === items.length) {
    const at = afterColon(text, change.list.pair);
    splices.push({ start: at, end: at, text: ' []' });
  }
  return splices;
}

/**
 * A flow list (`[alice, bob]`) keeps every byte of its kept items: a run of
 * removed items goes with the separator after it (or, at the end, the one
 * before it), and new items follow the last item with the list's own
 * separator. An empty one that gets entries (mappings) under a block key
 * becomes a block list; one emptied is written `[]`.
 */
function flowListSplices(text: string, change: ListChange): Splice[] {
  const { seq, pair } = change.list;
  const items = seq.items as Node[];
  const [start, end] = rangeOf(seq);
  const added = change.appended.map(flowText);
  const kept = items.filter((_, index) => !change.removed.has(index));
  if (items.length === 0 && change.appended.some((value) => typeof value !== 'string') && isBlockKey(text, pair)) {
    const at = afterColon(text, pair);
    const column = columnOf(text, rangeOf(pair.key as Node)[0]) + 2;
    const lines = change.appended.map((value) => linesText(indent(itemLines(value, change.style), column)));
    return [{ start: at, end, text: `\n${lines.join('').replace(/\n$/, '')}` }];
  }
  if (kept.length === 0 && added.length === 0) return [{ start, end, text: '[]' }];
  if (items.length === 0) return [{ start: start + 1, end: end - 1, text: added.join(', ') }];
  const separator = separatorOf(text, items);
  const splices = removedRuns(items, change.removed).map(([first, last]) => {
    const next = items[last + 1];
    const previous = items[first - 1];
    if (next) return { start: rangeOf(items[first] as Node)[0], end: rangeOf(next)[0], text: '' };
    if (previous) return { start: rangeOf(previous)[1], end: rangeOf(items[last] as Node)[1], text: '' };
    return { start: rangeOf(items[first] as Node)[0], end: rangeOf(items[last] as Node)[1], text: '' };
  });
  if (added.length > 0) {
    const at = rangeOf(items.at(-1) as Node)[1];
    splices.push({ start: at, end: at, text: (kept.length > 0 ? separator : '') + added.join(separator) });
  }
  return splices;
}

/** Runs of consecutive removed indices, as [first, last]. */
function removedRuns(items: readonly Node[], removed: ReadonlySet<number>): [number, number][] {
  const runs: [number, number][] = [];
  items.forEach((_, index) => {
    if (!removed.has(index)) return;
    const run = runs.at(-1);
    if (run && run[1] === index - 1) run[1] = index;
    else runs.push([index, index]);
  });
  return runs;
}

/** The text between a flow list's first two items, or `, `. */
function separatorOf(text: string, items: readonly Node[]): string {
  const [first, second] = items;
  if (!first || !second) return ', ';
  return text.slice(rangeOf(first)[1], rangeOf(second)[0]);
}

/** The key is on a line of its own in a block mapping (not inside `{ }`). */
function isBlockKey(text: string, pair: Pair): boolean {
  const keyStart = rangeOf(pair.key as Node)[0];
  return text.slice(lineStart(text, keyStart), keyStart).trim() === '';
}

/**
 * A key added to a mapping: after `after` (or after the last key). In a block
 * mapping it is a line of its own at the keys' column; in a flow mapping it
 * follows `, ` on the same line.
 */
function insertPair(text: string, map: YAMLMap, after: Pair | undefined, key: string, value: NewValue, style: ListStyle): Splice {
  if (map.anchor) throw new ShapeError('an anchored mapping');
  const pairs = map.items as Pair[];
  const previous = after ?? pairs.at(-1);
  if (map.flow) {
    const at = previous ? contentEnd(previous) : rangeOf(map)[0] + 1;
    return { start: at, end: at, text: `${previous ? ', ' : ' '}${key}: ${flowText(value)}${previous ? '' : ' '}` };
  }
  const first = pairs[0];
  if (!previous || !first) throw new ShapeError('an empty block mapping');
  const column = columnOf(text, rangeOf(first.key as Node)[0]);
  const keyStart = rangeOf(previous.key as Node)[0];
  const at = blockSpan(text, lineStart(text, keyStart), previous, column).end;
  return { start: at, end: at, text: startsOnNewLine(text, at) + linesText(indent(pairLines(key, value, style), column)), column };
}

/** Lines, each ending with a newline. */
function linesText(lines: readonly string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}

/** At the end of a file without a final newline, new lines start with one. */
function startsOnNewLine(text: string, at: number): string {
  return at === text.length && text.length > 0 && !text.endsWith('\n') ? '\n' : '';
}

function rangeOf(node: Node | YAMLMap | YAMLSeq): [number, number] {
  const range = node.range;
  if (!range) throw new ShapeError('a node without a position');
  if (yamlModule().isCollection(node) && node.anchor) throw new ShapeError('an anchored collection');
  return [range[0], range[1]];
}
