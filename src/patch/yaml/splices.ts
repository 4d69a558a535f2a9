/** A piece of the original text replaced by new text; an insertion has `start === end`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
  /** For new block lines: their indentation. Lines of an inner list go before those of the list around it. */
  column?: number;
}

/**
 * The text with every splice made. Replacements never overlap (each edit
 * owns its span); an insertion that falls inside removed text goes right
 * after it (new lines after a removed entry), and insertions at one position
 * go innermost first (the most indented), then in the order they were given.
 */
export function applySplices(text: string, splices: readonly Splice[]): string {
  const removals = splices.filter((splice) => splice.end > splice.start);
  const placed = splices.map((splice, order) => {
    if (splice.end > splice.start) return { ...splice, order };
    const around = removals.find((removal) => removal.start < splice.start && splice.start < removal.end);
    return around ? { ...splice, start: around.end, end: around.end, order } : { ...splice, order };
  });
  const sorted = placed.sort((a, b) => a.start - b.start || a.end - b.end || (b.column ?? 0) - (a.column ?? 0) || a.order - b.order);
  let result = '';
  let at = 0;
  for (const splice of sorted) {
    if (splice.start < at) throw new Error(`two edits of the manifest overlap at offset ${splice.start}`);
    result += text.slice(at, splice.start) + splice.text;
    at = splice.end;
  }
  return result + text.slice(at);
}
