import type { AuditKey, AuditReport } from '../../audit/index.js';
import { printable } from '../common/printable.js';
import { alignColumns } from '../common/columns.js';
import { summarise, summaryLine } from './summary.js';

/**
 * The review for a terminal: the summary, the administrators (who reach
 * every environment), a table per environment of everyone else's access,
 * the users with their teams, and the keys. Every server-chosen string goes
 * through `printable`, so a name cannot drive the terminal.
 */
export function renderAuditText(report: AuditReport): string {
  const summary = summarise(report);
  const lines = [`Access review of ${printable(report.target)}`];
  // The id a fleet file pins (instanceId), shown as plan shows it.
  if (report.instanceId) lines.push(`Instance: ${printable(report.instanceId)}`);
  lines.push(summaryLine(summary), '');
  lines.push(`Administrators (every environment): ${summary.administrators.map(printable).join(', ') || 'none'}`, '');
  for (const environment of summary.environments) {
    const cells = summary.grantedBy.get(environment) ?? [];
    lines.push(`Environment ${printable(environment)}`);
    if (cells.length === 0) lines.push('  administrators only');
    else lines.push(...alignColumns([['USER', 'ROLE', 'VIA'], ...cells.map((cell) => [cell.user, cell.role, cell.via].map(printable))]));
    lines.push('');
  }
  lines.push('Users');
  lines.push(...alignColumns([['USER', 'ROLE', 'TEAMS'], ...report.users.map((user) => [printable(user.username), user.role, teamsOf(user.teams)])]), '');
  lines.push('API keys');
  lines.push(...keyLines(report.keys));
  for (const username of summary.unreadable) lines.push(`  ${printable(username)}: unreadable (Portainer shows an administrator's keys to that administrator alone)`);
  return `${lines.join('\n')}\n`;
}

function teamsOf(teams: AuditReport['users'][number]['teams']): string {
  return teams.length === 0 ? '-' : teams.map((team) => `${printable(team.team)}${team.role === 'leader' ? ' (leader)' : ''}`).join(', ');
}

function keyLines(keys: readonly AuditKey[]): string[] {
  if (keys.length === 0) return ['  none readable'];
  const evaluated = keys.some((key) => key.stale !== null);
  const head = ['USER', 'DESCRIPTION', 'CREATED', 'LAST USED', ...(evaluated ? ['STALE'] : [])];
  const rows = keys.map((key) => [printable(key.user), printable(key.description), key.created, key.lastUsed ?? 'never', ...(evaluated ? [key.stale ? 'stale' : '-'] : [])]);
  return alignColumns([head, ...rows]);
}
