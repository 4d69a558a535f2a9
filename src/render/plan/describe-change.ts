import type { Change } from '../../plan/types/index.js';
import { ACTIONS, type ActionSymbol } from '../common/actions.js';
import { ATTRIBUTES, type Attribute, type ChangeField } from './change-attributes.js';

export type { ChangeField } from './change-attributes.js';

export interface ChangeDescription {
  symbol: ActionSymbol;
  /** Completes "# <address> ...". */
  headline: string;
  fields: ChangeField[];
}

/** The one change describer: the action's symbol and headline (a kind may word it its own way), and the kind's attributes. */
export function describeChange(change: Change): ChangeDescription {
  const words = ATTRIBUTES[change.kind] as { headlines?: Partial<Record<string, string>>; attributes: Partial<Record<string, Attribute<Change>[]>> };
  const action = ACTIONS[change.action];
  return {
    symbol: action.symbol,
    headline: words.headlines?.[change.action] ?? action.headline,
    fields: fieldsOf(change, words.attributes[change.action]),
  };
}

/**
 * The attributes the kind lists for the action, each read off `after` (create,
 * replace) or `before` (delete); without a list, an update shows each name
 * in its `fields`, `before -> after`.
 */
function fieldsOf(change: Change, attributes: Attribute<Change>[] | undefined): ChangeField[] {
  if (attributes) {
    return attributes.flatMap((attribute) => (typeof attribute === 'function' ? (attribute(change) ?? []) : [{ name: attribute, value: String(sideOf(change)[attribute]) }]));
  }
  if (!('fields' in change)) return [];
  const before = change.before as Record<string, unknown>;
  const after = change.after as Record<string, unknown>;
  return change.fields.map((name) => ({ name, before: String(before[name]), after: String(after[name]) }));
}

function sideOf(change: Change): Record<string, unknown> {
  return (change.after ?? change.before) as Record<string, unknown>;
}
