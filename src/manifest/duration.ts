/** `rotateAfter` durations: one whole number and one unit, e.g. `90d`, `12h`, `2w`. */

const SECONDS_PER_UNIT: Record<string, number> = {
  s: 1,
  m: 60,
  h: 60 * 60,
  d: 24 * 60 * 60,
  w: 7 * 24 * 60 * 60,
};

/** The pattern the schema (and so the JSON Schema) checks; zero is refused as meaningless. */
export const DURATION_PATTERN = /^[1-9][0-9]*[smhdw]$/;

/** Seconds in `text`, or `undefined` when it is not a duration like `90d`. */
export function parseDuration(text: string): number | undefined {
  const match = /^([0-9]+)([smhdw])$/.exec(text);
  if (!match) return undefined;
  const [, amount, unit] = match;
  const perUnit = SECONDS_PER_UNIT[unit ?? ''];
  if (amount === undefined || perUnit === undefined) return undefined;
  const seconds = Number(amount) * perUnit;
  return Number.isSafeInteger(seconds) ? seconds : undefined;
}
