import { UNPRINTABLE_IN_JSON, unicodeEscape } from '../../unprintable.js';

/**
 * New values written as YAML text: a scalar plain when it can be and
 * double-quoted otherwise, collections in flow style (`{ env: NAME }`,
 * `[alice, bob]`) or, for list entries, in block style.
 */
export type NewValue = string | number | readonly NewValue[] | { readonly [key: string]: NewValue };

/** How a new list of names is written: `[a, b]` or one `- a` line each (as the manifest's own lists are). */
export type ListStyle = 'flow' | 'block';

// Plain only what every YAML 1.2 reader reads back as this very string, in block and in flow context.
const PLAIN = /^[A-Za-z_][A-Za-z0-9_.@-]*$/;
const KEYWORD = /^(true|false|null|yes|no|on|off|y|n)$/i;

/** Plain when that reads back as this string; else double-quoted on one line, every control and bidirectional character escaped. */
export function scalarText(value: string): string {
  return PLAIN.test(value) && !KEYWORD.test(value) ? value : JSON.stringify(value).replace(UNPRINTABLE_IN_JSON, unicodeEscape);
}

export function flowText(value: NewValue): string {
  if (typeof value === 'string') return scalarText(value);
  if (typeof value === 'number') return String(value);
  if (isList(value)) return `[${value.map(flowText).join(', ')}]`;
  const pairs = Object.entries(value).map(([key, item]) => `${key}: ${flowText(item)}`);
  return pairs.length === 0 ? '{}' : `{ ${pairs.join(', ')} }`;
}

/** A mapping's lines in block style, unindented; nested mappings stay in flow style. */
export function blockMapLines(value: { readonly [key: string]: NewValue }, style: ListStyle): string[] {
  return Object.entries(value).flatMap(([key, item]) => pairLines(key, item, style));
}

/** A key and its value: a list of mappings, or a block-style list of names, takes the lines below the key. */
export function pairLines(key: string, value: NewValue, style: ListStyle): string[] {
  if (isList(value) && value.length > 0 && (value.some((item) => typeof item !== 'string') || style === 'block')) {
    return [`${key}:`, ...value.flatMap((item) => indent(itemLines(item, style), 2))];
  }
  return [`${key}: ${flowText(value)}`];
}

/** A list item's lines in block style, starting `- `. */
export function itemLines(value: NewValue, style: ListStyle): string[] {
  if (typeof value === 'string' || typeof value === 'number' || isList(value)) return [`- ${flowText(value)}`];
  const [first = '{}', ...rest] = blockMapLines(value, style);
  return [`- ${first}`, ...indent(rest, 2)];
}

export function indent(lines: readonly string[], columns: number): string[] {
  const pad = ' '.repeat(columns);
  return lines.map((line) => `${pad}${line}`);
}

export function isList(value: NewValue): value is readonly NewValue[] {
  return Array.isArray(value);
}
