/** A piece of the original text replaced by new text; an insertion has `start === end`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/**
 * The text with every splice made. Splices never overlap (each edit owns its
 * span); insertions at one position keep the order they were given in.
 */
export function applySplices(text: string, splices: readonly Splice[]): string {
  const sorted = splices.map((splice, order) => ({ ...splice, order })).sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  let result = '';
  let at = 0;
  for (const splice of sorted) {
    if (splice.start < at) throw new Error(`two edits of the manifest overlap at offset ${splice.start}`);
    result += text.slice(at, splice.start) + splice.text;
    at = splice.end;
  }
  return result + text.slice(at);
}
