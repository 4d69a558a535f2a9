import type { Document, LineCounter, Node } from 'yaml';
import { yamlModule } from './yaml-module.js';

/** A step into the manifest: a key of a mapping or an index of a list. */
export type PathSegment = string | number;

export interface Position {
  line: number;
  col: number;
}

/** Finds where a path of the parsed value sits in the YAML text. */
export type Locator = (path: readonly PathSegment[], at?: 'value' | 'key') => Position;

/**
 * Builds a locator over a parsed document. A path that leads nowhere (a key
 * that is missing, a merge key) falls back to the deepest node that exists,
 * so every issue still gets a useful position.
 */
export function locatorFor(document: Document, lineCounter: LineCounter): Locator {
  const { isAlias } = yamlModule();
  const positionOf = (node: { range?: readonly number[] | null | undefined } | null | undefined): Position | undefined => {
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : lineCounter.linePos(offset);
  };
  const start: Position = { line: 1, col: 1 };

  return (path, at = 'value') => {
    let node: unknown = document.contents;
    let best = positionOf(node as Node | null) ?? start;
    for (const [index, segment] of path.entries()) {
      if (isAlias(node)) node = node.resolve(document);
      const child = childOf(node, segment);
      if (!child) break;
      const isLast = index === path.length - 1;
      const target = isLast && at === 'key' ? child.key : child.value;
      best = positionOf(target as Node | null) ?? positionOf(child.key as Node | null) ?? best;
      node = child.value;
    }
    return best;
  };
}

interface Child {
  key: unknown;
  value: unknown;
}

function childOf(node: unknown, segment: PathSegment): Child | undefined {
  const { isMap, isPair, isSeq } = yamlModule();
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
    return pair ? { key: pair.key, value: pair.value } : undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { key: item, value: item };
  }
  return undefined;
}

function keyText(key: unknown): string | undefined {
  if (yamlModule().isScalar(key)) return String(key.value);
  return undefined;
}
