import type { AccessDifference, AuditComparison, KeyShown } from '../../audit/index.js';
import { printable } from '../printable.js';
import { grantWords, otherServerNote, verdictOf } from './comparison-words.js';

/** What changed since an old review, for a terminal or a job's log: `+` gained, `-` lost, `~` changed. */
export function renderComparisonText(comparison: AuditComparison, oldFile: string): string {
  const lines: string[] = [];
  const note = otherServerNote(comparison, oldFile, printable);
  if (note) lines.push(note, '');
  section(lines, 'Access', comparison.access.map(accessLine));
  section(lines, 'Administrators', [
    ...comparison.administrators.added.map((name) => `+ ${printable(name)}`),
    ...comparison.administrators.removed.map((name) => `- ${printable(name)}`),
  ]);
  section(lines, 'API keys', [...comparison.keys.added.map((key) => `+ ${keyWords(key)}`), ...comparison.keys.removed.map((key) => `- ${keyWords(key)}`)]);
  lines.push(verdictOf(comparison, oldFile, printable));
  return `${lines.join('\n')}\n`;
}

function section(lines: string[], title: string, entries: string[]): void {
  if (entries.length === 0) return;
  lines.push(`${title}:`, ...entries.map((entry) => `  ${entry}`), '');
}

function accessLine(difference: AccessDifference): string {
  const who = `${printable(difference.user)} on ${printable(difference.environment)}`;
  const { before, after } = difference;
  if (before && after) return `~ ${who}: ${grantWords(before, printable)} -> ${grantWords(after, printable)}`;
  if (after) return `+ ${who}: ${grantWords(after, printable)}`;
  return `- ${who}: ${before ? grantWords(before, printable) : ''}`;
}

function keyWords(key: KeyShown): string {
  return `${printable(key.user)}: ${printable(key.description)} (created ${key.created})`;
}
