/** GitHub refuses comments of 65,536 characters or more; a comment stops well before, leaving room for a bot's own header. */
export const COMMENT_BUDGET = 60_000;

/** Characters that lines take once joined with newlines. */
export function lengthOf(lines: readonly string[]): number {
  return lines.reduce((total, line) => total + line.length + 1, 0);
}

/** The leading lines that fit in `budget` characters, so a comment stays under GitHub's limit. */
export function takeWithin(lines: readonly string[], budget: number): string[] {
  const taken: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > budget) break;
    taken.push(line);
    used += line.length + 1;
  }
  return taken;
}
