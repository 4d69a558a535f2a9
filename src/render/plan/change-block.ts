import type { Change } from '../../plan/types/index.js';
import { ACTIONS } from '../common/actions.js';
import { describeChange, type ChangeField } from './describe-change.js';
import type { Paint } from '../common/paint.js';
import { printable, quoted } from '../common/printable.js';

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
  const symbol = paint(ACTIONS[change.action].tone, description.symbol.padStart(3));
  return [
    `  # ${address} ${description.headline}`,
    `${symbol} ${address}`,
    ...description.fields.flatMap(renderField),
  ];
}

const FIELD_INDENT = '      ';

function renderField(field: ChangeField): string[] {
  if ('note' in field) return [`${FIELD_INDENT}${field.name}: ${printable(field.note)}`];
  if ('value' in field) return [`${FIELD_INDENT}${field.name}: ${quoted(field.value)}`];
  return [`${FIELD_INDENT}${field.name}: ${quoted(field.before)} -> ${quoted(field.after)}`];
}
