import type { DriftItem, DriftKind, DriftReport, UnmanagedReason } from '../../drift/types.js';
import { ACTIONS, type ActionSymbol } from '../common/actions.js';
import { whyHeld } from '../common/problem-words.js';
import { plural } from '../common/plural.js';
import { printable } from '../common/printable.js';

/** Sentences and symbols the three drift forms share, so text, markdown and JSON readers see the same words. */

/** Terraform's symbols for what apply would do: `+` create, `~` update, `-` delete, `-/+` replace. */
export function remedySymbol(item: DriftItem): ActionSymbol {
  return ACTIONS[item.remedy].symbol;
}

export const KIND_LABELS: Record<DriftKind, string> = {
  'admin-missing': 'admin missing',
  'user-missing': 'user missing',
  'role-changed': 'role changed',
  'user-renamed': 'earlier name',
  'user-unexpected': 'user not in manifest',
  'api-key-missing': 'key missing',
  'api-key-expired': 'key past rotateAfter',
  'api-key-extra': 'key not in manifest',
  'password-differs': 'password differs',
  'team-missing': 'team missing',
  'team-renamed': 'earlier team name',
  'team-unexpected': 'team not in manifest',
  'member-missing': 'member missing',
  'member-role-changed': 'team role changed',
  'member-unexpected': 'member not in manifest',
  'grant-missing': 'access missing',
  'grant-unexpected': 'access not in manifest',
  'grant-role-changed': 'access role changed',
};


/** The closing line: the verdict a person (or a CI log) reads first. */
export function verdictLine(report: DriftReport): string {
  const { drift, held, unmanaged, unmanagedTeams, errors } = report.summary;
  if (report.status === 'error') {
    return `Drift check incomplete: ${plural(errors, 'error', 'errors')}; drift may be missing from this report.`;
  }
  const alone = leftAloneSentence(unmanaged, unmanagedTeams);
  if (report.status === 'in-sync') return `No drift. Portainer's users match the manifest.${alone}`;
  const keptBack = held > 0 ? `, ${held} of them kept back for safety` : '';
  return `Drift: ${plural(drift + held, 'difference', 'differences')} between the manifest and the server${keptBack}.${alone}`;
}

/** ` 2 unmanaged users and 1 unmanaged team are left alone (not drift).`, or nothing. */
function leftAloneSentence(users: number, teams: number): string {
  const parts = [
    ...(users > 0 ? [plural(users, 'unmanaged user', 'unmanaged users')] : []),
    ...(teams > 0 ? [plural(teams, 'unmanaged team', 'unmanaged teams')] : []),
  ];
  if (parts.length === 0) return '';
  return ` ${parts.join(' and ')} ${users + teams === 1 ? 'is' : 'are'} left alone (not drift).`;
}

/** The plan that would show the fix, naming every manifest of a layered report in order; undefined when nothing drifted. */
export function fixingPlanCommand(report: DriftReport): string | undefined {
  if (report.status !== 'drifted' || report.summary.drift === 0) return undefined;
  return `portainer-users plan ${(report.manifests ?? [report.manifest]).map((file) => `-f ${printable(file)}`).join(' ')}`;
}

/** What to do next, in the text report. */
export function nextStepLine(report: DriftReport): string | undefined {
  const command = fixingPlanCommand(report);
  return command && `Run \`${command}\` to see the changes that would fix it, or change the manifest to match the server.`;
}

export const HELD_TITLE = 'Differences apply will not fix (kept back for safety; change the manifest instead)';
export const UNMANAGED_TITLE = 'Unmanaged users: on the server, not in the manifest, left alone by apply';
export const UNMANAGED_TEAMS_TITLE = 'Unmanaged teams: on the server, not in the manifest, left alone by apply';
export const BLOCKERS_TITLE = 'Problems that would stop apply (not this check)';
export const UNCHECKED_TITLE = 'Not checked (left as they are)';

/** Why apply leaves an unmanaged user or team alone, in words. */
export function unmanagedReasonText(reason: UnmanagedReason, prune: 'prune.users' | 'prune.teams'): string {
  if (reason.code === 'prune-off') return `${prune} is off`;
  if (reason.code === 'not-planned') return 'the plan leaves it alone';
  return whyHeld(reason);
}
