/** The listed keys first, in that order, then any others as they come (a newer format's additions survive). */
export function inOrder(value: object, keys: readonly string[]): Record<string, unknown> {
  const source = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const key of keys) if (key in source) result[key] = source[key];
  for (const [key, entry] of Object.entries(source)) if (!(key in result)) result[key] = entry;
  return result;
}
