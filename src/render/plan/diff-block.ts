import type { Change } from '../../plan/types/index.js';
import { describeChange, type ChangeField } from './describe-change.js';
import { printable, quoted } from '../common/printable.js';

const FIELD_INDENT = '    ';

/**
 * One change for a ```diff block in a PR comment. GitHub colours a line by
 * its first character, so the symbol moves to column 0 and a changed value
 * shows as a `-` line and a `+` line:
 *
 *     # user.alice will be updated in place
 *     ~ user.alice
 *     -     role: "standard"
 *     +     role: "admin"
 */
export function renderDiffBlock(change: Change): string[] {
  const { symbol, headline, fields } = describeChange(change);
  const address = printable(change.address);
  const marker = symbol === '+' ? '+' : symbol === '-' ? '-' : ' ';
  return [`# ${address} ${headline}`, `${symbol} ${address}`, ...fields.flatMap((field) => diffField(field, marker))];
}

function diffField(field: ChangeField, marker: string): string[] {
  if ('note' in field) return [`${marker}${FIELD_INDENT}${field.name}: ${printable(field.note)}`];
  if ('value' in field) return [`${marker}${FIELD_INDENT}${field.name}: ${quoted(field.value)}`];
  return [`-${FIELD_INDENT}${field.name}: ${quoted(field.before)}`, `+${FIELD_INDENT}${field.name}: ${quoted(field.after)}`];
}
