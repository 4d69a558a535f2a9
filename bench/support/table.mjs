import { availableParallelism, loadavg } from 'node:os';

/**
 * Every benchmark prints the same small table: case, figure, target, ratio.
 * A ratio is figure / target-or-floor; a row "misses widely" when it is past
 * its limit by more than the margin, and then the benchmark exits non-zero,
 * so a regression shows without turning machine noise into failures.
 */

/** How far past a target a figure may drift before the benchmark fails. */
export const WIDE_MARGIN = 1.2;

/**
 * @typedef {object} Row
 * @property {string} name     what was measured
 * @property {string} figure   the measurement, with its unit
 * @property {string} target   what it should be, in words
 * @property {number} [ratio]  figure / floor (or / target); omitted for figures without a target
 * @property {number} [limit]  the largest ratio that meets the target
 * @property {boolean} [exact] no margin: any ratio past the limit misses (counts, not timings)
 */

/**
 * Prints the rows as a table and returns how many missed their target by a wide margin.
 * The machine's load average is printed with it: on a shared machine, timings mean little without it.
 */
export function printTable(title, rows) {
  const cells = [['case', 'figure', 'target', 'ratio'], ...rows.map((row) => [row.name, row.figure, row.target, ratioText(row)])];
  const widths = cells[0].map((_, column) => Math.max(...cells.map((line) => line[column].length)));
  const load = loadavg().map((value) => value.toFixed(2)).join(', ');
  console.log(`\n${title}\n(load average ${load} on ${availableParallelism()} cores)`);
  for (const line of cells) console.log(line.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
  return rows.filter(missedWidely).length;
}

function ratioText(row) {
  if (row.ratio === undefined) return '-';
  const mark = row.limit === undefined ? '' : row.ratio <= row.limit ? '  ok' : missedWidely(row) ? '  MISSED' : '  over (within margin)';
  return `${row.ratio.toFixed(2)}${mark}`;
}

function missedWidely(row) {
  if (row.ratio === undefined || row.limit === undefined) return false;
  return row.ratio > row.limit * (row.exact ? 1 : WIDE_MARGIN);
}

export function ms(value) {
  return `${Math.round(value)} ms`;
}

export function seconds(valueMs) {
  return `${(valueMs / 1000).toFixed(2)} s`;
}

export function megabytes(kilobytes) {
  return kilobytes === undefined ? 'n/a' : `${Math.round(kilobytes / 1024)} MB`;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Ends a benchmark: the exit code says whether any row missed widely. */
export function finish(misses) {
  if (misses > 0) console.log(`\n${misses} ${misses === 1 ? 'figure' : 'figures'} missed the target by more than ${Math.round((WIDE_MARGIN - 1) * 100)}%`);
  process.exitCode = misses > 0 ? 1 : 0;
}
