import { diffLines } from 'diff';
import type { Change } from '../plan/types.js';
import { describeChange, type ChangeDescription, type ChangeField } from './change-fields.js';
import type { Paint, Tone } from './paint.js';
import { printable, quoted } from './printable.js';

const TONES: Record<ChangeDescription['symbol'], Tone> = { '+': 'create', '~': 'update', '-': 'delete', '-/+': 'replace' };

/**
 * One change as Terraform shows it: a comment line, the symbol and address,
 * then its fields indented below.
 *
 *     # user.alice will be updated in place
 *     ~ user.alice
 *         role: "standard" -> "admin"
 */
export function renderChangeBlock(change: Change, paint: Paint): string[] {
  const description = describeChange(change);
  const address = printable(change.address);
  const symbol = paint(TONES[description.symbol], description.symbol.padStart(3));
  return [
    `  # ${address} ${description.headline}`,
    `${symbol} ${address}`,
    ...description.fields.flatMap((field) => renderField(field, paint)),
  ];
}

const FIELD_INDENT = '      ';

function renderField(field: ChangeField, paint: Paint): string[] {
  if ('note' in field) return [`${FIELD_INDENT}${field.name}: ${printable(field.note)}`];
  if ('value' in field) return [`${FIELD_INDENT}${field.name}: ${quoted(field.value)}`];
  if (field.before.includes('\n') || field.after.includes('\n')) return renderMultiLineField(field, paint);
  return [`${FIELD_INDENT}${field.name}: ${quoted(field.before)} -> ${quoted(field.after)}`];
}

/** A before/after spanning lines reads best as a line diff (no such field exists today). */
function renderMultiLineField(field: { name: string; before: string; after: string }, paint: Paint): string[] {
  const lines = [`${FIELD_INDENT}${field.name}:`];
  for (const part of diffLines(field.before, field.after)) {
    const marker = part.added ? '+' : part.removed ? '-' : ' ';
    for (const line of part.value.replace(/\n$/, '').split('\n')) {
      const text = `${FIELD_INDENT}  ${marker} ${printable(line)}`;
      lines.push(part.added ? paint('create', text) : part.removed ? paint('delete', text) : text);
    }
  }
  return lines;
}
