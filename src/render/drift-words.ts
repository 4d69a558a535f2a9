import type { DriftItem, DriftKind, DriftReport } from '../drift/types.js';

/** Sentences and symbols the three drift forms share, so text, markdown and JSON readers see the same words. */

/** Terraform's symbols for what apply would do: `+` create, `~` update, `-` delete, `-/+` replace. */
export function remedySymbol(item: DriftItem): '+' | '~' | '-' | '-/+' {
  const symbols = { create: '+', update: '~', delete: '-', replace: '-/+' } as const;
  return symbols[item.remedy];
}

export const KIND_LABELS: Record<DriftKind, string> = {
  'admin-missing': 'admin missing',
  'user-missing': 'user missing',
  'role-changed': 'role changed',
  'user-unexpected': 'user not in manifest',
  'api-key-missing': 'key missing',
  'api-key-expired': 'key past rotateAfter',
  'api-key-extra': 'key not in manifest',
};

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The closing line: the verdict a person (or a CI log) reads first. */
export function verdictLine(report: DriftReport): string {
  const { drift, held, unmanaged, errors } = report.summary;
  if (report.status === 'error') {
    return `Drift check incomplete: ${plural(errors, 'error', 'errors')}; drift may be missing from this report.`;
  }
  const alone = unmanaged > 0 ? ` ${plural(unmanaged, 'unmanaged user is', 'unmanaged users are')} left alone (not drift).` : '';
  if (report.status === 'in-sync') return `No drift. Portainer's users match the manifest.${alone}`;
  const keptBack = held > 0 ? `, ${held} of them kept back for safety` : '';
  return `Drift: ${plural(drift + held, 'difference', 'differences')} between the manifest and the server${keptBack}.${alone}`;
}

/** What to do next, naming the manifest as the report does. */
export function nextStepLine(report: DriftReport): string | undefined {
  if (report.status !== 'drifted' || report.summary.drift === 0) return undefined;
  return `Run \`portainer-users plan -f ${report.manifest}\` to see the changes that would fix it, or change the manifest to match the server.`;
}

export const HELD_TITLE = 'Differences apply will not fix (kept back for safety; change the manifest instead)';
export const UNMANAGED_TITLE = 'Unmanaged users: on the server, not in the manifest, left alone by apply';
export const BLOCKERS_TITLE = 'Problems that would stop apply (not this check)';
