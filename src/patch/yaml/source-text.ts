import type { Node, Pair } from 'yaml';
import { yamlModule } from '../../manifest/yaml-module.js';

/**
 * Where things are in the manifest's text, from the YAML nodes' ranges. An
 * edit replaces exactly these spans and nothing else, so every other byte
 * of the file (comments, spacing, quoting, blank lines) stays as it is.
 */

/** An entry written in a way this module does not edit (an alias, a merge, an indicator it did not expect). */
export class ShapeError extends Error {}

export function lineStart(text: string, position: number): number {
  return text.lastIndexOf('\n', position - 1) + 1;
}

/** Just past the newline that ends the line holding `position` (or the end of the text). */
export function lineEnd(text: string, position: number): number {
  const newline = text.indexOf('\n', position);
  return newline === -1 ? text.length : newline + 1;
}

export function columnOf(text: string, position: number): number {
  return position - lineStart(text, position);
}

/** The line starting at `start` (without its newline), or undefined past the end. */
function lineAt(text: string, start: number): string | undefined {
  if (start < 0 || start >= text.length) return undefined;
  return text.slice(start, lineEnd(text, start)).replace(/\r?\n$/, '');
}

export function isBlankLine(line: string | undefined): boolean {
  return line !== undefined && line.trim() === '';
}

/** A line holding only a comment, indented by `column` or more (`deeper`: more). */
function isCommentLine(line: string | undefined, column: number, deeper: boolean): boolean {
  const match = line === undefined ? null : /^(\s*)#/.exec(line);
  if (!match) return false;
  const indent = match[1]?.length ?? 0;
  return deeper ? indent > column : indent === column;
}

/** The end of a node's own content: a block collection ends with its last item, not with the comments and blank lines after it. */
export function contentEnd(node: Node | Pair | null | undefined): number {
  const yaml = yamlModule();
  if (!node) throw new ShapeError('an empty entry');
  if (yaml.isPair(node)) return node.value ? contentEnd(node.value as Node) : contentEnd(node.key as Node);
  if ((yaml.isMap(node) || yaml.isSeq(node)) && !node.flow) {
    const last = node.items.at(-1) as Node | Pair | undefined;
    if (last) return contentEnd(last);
  }
  const end = node.range?.[1];
  if (end === undefined) throw new ShapeError('a node without a position');
  return end;
}

/** The lines a block entry takes: from its start line to the end of its content, with comments indented under it. */
export function blockSpan(text: string, start: number, node: Node | Pair, column: number): { start: number; end: number } {
  let end = lineEnd(text, Math.max(start, contentEnd(node) - 1));
  while (isCommentLine(lineAt(text, end), column, true)) end = lineEnd(text, end);
  return { start, end };
}

/**
 * A block sequence item's lines: the `-` line, the item, comment lines under
 * it, and comment lines just above it at the `-`'s column (they describe it).
 */
export function blockItemSpan(text: string, item: Node): { start: number; end: number; column: number } {
  const dash = dashBefore(text, item);
  const column = columnOf(text, dash);
  let start = lineStart(text, dash);
  if (text.slice(start, dash).trim() !== '') throw new ShapeError('a sequence item that shares its line');
  while (start > 0 && isCommentLine(lineAt(text, lineStart(text, start - 1)), column, false)) start = lineStart(text, start - 1);
  return { ...blockSpan(text, start, item, column), column };
}

/**
 * The span to delete for an item, with the blank line after it when that
 * line only separated it from what is left: two blank lines would otherwise
 * meet, or a first item would leave its list starting with one. A blank line
 * before whatever follows the list stays.
 */
export function removalSpan(text: string, item: Node, first: boolean, last: boolean): { start: number; end: number } {
  const span = blockItemSpan(text, item);
  if (!isBlankLine(lineAt(text, span.end))) return span;
  const blankBefore = span.start === 0 || isBlankLine(lineAt(text, lineStart(text, span.start - 1)));
  if (blankBefore || (first && !last)) return { start: span.start, end: lineEnd(text, span.end) };
  return span;
}

/** Whether the items of a block sequence are separated by blank lines (new items then are too). */
export function itemsSpacedOut(text: string, items: readonly Node[]): boolean {
  if (items.length < 2) return false;
  return items.slice(1).every((item) => {
    const start = blockItemSpan(text, item).start;
    return start > 0 && isBlankLine(lineAt(text, lineStart(text, start - 1)));
  });
}

function dashBefore(text: string, item: Node): number {
  const start = item.range?.[0];
  if (start === undefined) throw new ShapeError('a node without a position');
  let position = start - 1;
  while (position >= 0 && /\s/.test(text[position] ?? '')) position -= 1;
  if (text[position] !== '-') throw new ShapeError('a sequence item without its dash');
  return position;
}

/** Just past the `:` after a key, where a value written on the key's line starts. */
export function afterColon(text: string, pair: Pair): number {
  const keyEnd = (pair.key as Node | null)?.range?.[1];
  if (keyEnd === undefined) throw new ShapeError('a key without a position');
  let position = keyEnd;
  while (text[position] === ' ' || text[position] === '\t') position += 1;
  if (text[position] !== ':') throw new ShapeError('a key without its colon');
  return position + 1;
}
