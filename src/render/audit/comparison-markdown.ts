import type { AccessDifference, AuditComparison } from '../../audit/index.js';
import { COMMENT_BUDGET } from '../common/markdown-budget.js';
import { escapeInline, inlineCode } from '../common/markdown-escape.js';
import { printable } from '../common/printable.js';
import { grantWords, otherServerNote, verdictOf } from './comparison-words.js';
import { fitTables, markdownRow } from './markdown-tables.js';

const WHOLE = 'run `portainer-users audit --compare` for all of them';

/** What changed since an old review, as a comment for the issue a scheduled job opens. */
export function renderComparisonMarkdown(comparison: AuditComparison, oldFile: string, budget = COMMENT_BUDGET): string {
  const name = (text: string) => escapeInline(printable(text));
  const head = [`### Portainer access review: changes since ${inlineCode(printable(oldFile))}`, '', `**${verdictOf(comparison, oldFile, name)}**`];
  const note = otherServerNote(comparison, oldFile, name);
  if (note) head.push('', note);
  const change = (sign: string) => (sign === '+' ? 'added' : 'removed');
  return fitTables(
    head,
    [
      { title: 'Access', columns: ['Change', 'User', 'Environment', 'Before', 'After'], rows: comparison.access.map((difference) => accessRow(difference, name)) },
      {
        title: 'Administrators',
        columns: ['Change', 'User'],
        rows: [...comparison.administrators.added.map((user) => markdownRow([change('+'), name(user)])), ...comparison.administrators.removed.map((user) => markdownRow([change('-'), name(user)]))],
      },
      {
        title: 'API keys',
        columns: ['Change', 'User', 'Description', 'Created'],
        rows: [
          ...comparison.keys.added.map((key) => markdownRow([change('+'), name(key.user), name(key.description), key.created])),
          ...comparison.keys.removed.map((key) => markdownRow([change('-'), name(key.user), name(key.description), key.created])),
        ],
      },
    ],
    WHOLE,
    budget,
  );
}

function accessRow(difference: AccessDifference, name: (text: string) => string): string {
  const { before, after } = difference;
  const kind = before && after ? 'changed' : after ? 'gained' : 'lost';
  return markdownRow([kind, name(difference.user), name(difference.environment), before ? grantWords(before, name) : '-', after ? grantWords(after, name) : '-']);
}
