/**
 * How many error or warning lines a terminal gets before the rest are only
 * counted: a plan of 20,000 users without passwords is one mistake said
 * 20,000 times, and nobody reads past the first screen. The JSON forms
 * (`plan --json`, `validate --format json`, `drift --format json`) hold them all.
 */
export const SHOWN_PROBLEM_LINES = 20;

/** The first lines, then one saying how many more there are and where to find them all. */
export function cappedLines(lines: readonly string[], what: { one: string; many: string; everyIn?: string }): string[] {
  if (lines.length <= SHOWN_PROBLEM_LINES) return [...lines];
  const rest = lines.length - SHOWN_PROBLEM_LINES;
  const where = what.everyIn === undefined ? '' : ` (${what.everyIn} lists them all)`;
  return [...lines.slice(0, SHOWN_PROBLEM_LINES), `... and ${rest} more ${rest === 1 ? what.one : what.many}${where}`];
}
