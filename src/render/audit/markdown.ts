import type { AuditReport } from '../../audit/index.js';
import { COMMENT_BUDGET } from '../common/markdown-budget.js';
import { escapeInline, inlineCode } from '../common/markdown-escape.js';
import { printable } from '../common/printable.js';
import { fitTables, markdownRow, type MarkdownTable } from './markdown-tables.js';
import { summarise, summaryLine } from './summary.js';

const WHOLE = 'run `portainer-users audit` for the whole review';

/**
 * The review as an issue or pull-request comment: the summary, the
 * administrators, then tables of access (administrators left out: they
 * reach everything), keys and users, within GitHub's comment limit.
 */
export function renderAuditMarkdown(report: AuditReport, budget = COMMENT_BUDGET): string {
  const summary = summarise(report);
  const name = (text: string) => escapeInline(printable(text));
  const head = [
    `### Portainer access review of ${inlineCode(printable(report.target))}`,
    '',
    `**${summaryLine(summary)}**`,
    '',
    // The id a fleet file pins (instanceId), shown as plan shows it.
    ...(report.instanceId ? [`Instance: ${inlineCode(printable(report.instanceId))}`, ''] : []),
    `Administrators (every environment): ${summary.administrators.map(name).join(', ') || 'none'}`,
  ];
  const access: MarkdownTable = {
    title: 'Access',
    columns: ['Environment', 'User', 'Role', 'Via'],
    rows: summary.environments.flatMap((environment) => (summary.grantedBy.get(environment) ?? []).map((cell) => markdownRow([name(cell.environment), name(cell.user), name(cell.role), name(cell.via)]))),
    empty: 'Only administrators reach any environment.',
  };
  const keys: MarkdownTable = {
    title: 'API keys',
    columns: ['User', 'Description', 'Created', 'Last used', 'Stale'],
    rows: [
      ...report.keys.map((key) => markdownRow([name(key.user), name(key.description), key.created, key.lastUsed ?? 'never', key.stale === null ? '' : key.stale ? '**stale**' : 'no'])),
      ...summary.unreadable.map((username) => markdownRow([name(username), '_unreadable: Portainer shows an administrator\'s keys to that administrator alone_', '', '', ''])),
    ],
    empty: 'No API keys.',
  };
  const users: MarkdownTable = {
    title: 'Users',
    columns: ['User', 'Role', 'Teams'],
    rows: report.users.map((user) => markdownRow([name(user.username), user.role, user.teams.map((team) => `${name(team.team)}${team.role === 'leader' ? ' (leader)' : ''}`).join(', ')])),
  };
  return fitTables(head, [access, keys, users], WHOLE, budget);
}
