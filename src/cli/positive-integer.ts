/** `--timeout`, `--concurrency`, `--parallel`: a whole number greater than 0, or undefined for anything else. */
export function positiveIntegerOf(value: string): number | undefined {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed <= 0) return undefined;
  return parsed;
}
