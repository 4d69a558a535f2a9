/** UTC, to the second, so a plan or report reads the same on every machine (key dates are Unix seconds). */
export function isoDate(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString().replace('.000Z', 'Z');
}
