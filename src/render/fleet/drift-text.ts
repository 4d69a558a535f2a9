import type { FleetDrift } from '../../fleet/outcome.js';
import { renderDriftProblems, renderDriftText } from '../drift/text.js';
import { painter } from '../common/paint.js';
import { printable } from '../common/printable.js';
import { driftCells } from './cells.js';
import { sectionTitle } from './plan-text.js';
import { driftSummaryLine } from './summary-words.js';
import { textTable } from './table.js';

/** `drift --fleet` for a person: one section per target (its report, or why it has none), then the summary table. */
export function renderFleetDriftText(fleet: FleetDrift, options: { color: boolean; errorsApart?: boolean }): string {
  const lines: string[] = [];
  for (const entry of fleet.targets) {
    lines.push(sectionTitle(entry.name, entry.url), '');
    lines.push('error' in entry ? `Failed: ${printable(entry.error)}` : renderDriftText(entry.drift, options).trimEnd(), '');
  }
  lines.push(sectionTitle('Summary'), '', `Fleet: ${driftSummaryLine(fleet.summary)}`, '', ...textTable(fleet.targets.map(driftCells), 'DRIFT'));
  return `${lines.join('\n')}\n`;
}

/** The fleet's verdict in one line, for stdout when the report goes to a file. */
export function fleetDriftVerdict(fleet: FleetDrift): string {
  return `Fleet drift: ${driftSummaryLine(fleet.summary)}`;
}

/** Every target that could not be checked, one `Error: TARGET: ...` line each, and every target's warnings. */
export function renderFleetDriftErrors(fleet: FleetDrift, options: { color: boolean }): string {
  const paint = painter(options.color);
  const lines = fleet.targets.map((entry) => {
    if ('error' in entry) return `${paint('error', 'Error:')} ${printable(entry.name)}: ${printable(entry.error)}\n`;
    return renderDriftProblems(entry.drift, { color: options.color, target: entry.name });
  });
  return lines.join('');
}
