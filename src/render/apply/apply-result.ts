import type { ApplyNote, ApplyResult, ProgressEvent, UndoneAccess } from '../../apply/result.js';
import type { Action, Change } from '../../plan/types/index.js';
import { ACTIONS } from '../common/actions.js';
import { printable } from '../common/printable.js';
import { describeApplyFailure, describeApplyNote, holderOf } from './outcome-words.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Terraform's reassurance for a change still in flight: `user.bob.apiKey[ci]: Still creating... [10s elapsed]`. */
export function renderStillLine(change: Change, elapsedMs: number): string {
  return `${printable(change.address)}: ${ACTIONS[change.action].progress.still} [${Math.round(elapsedMs / 1000)}s elapsed]`;
}

/** One line of apply's progress, like Terraform's. */
export function renderProgressLine(event: ProgressEvent): string {
  // Team names and usernames come from the server too (a pruned team, a removed member): never raw to the terminal.
  const address = printable(event.change.address);
  const { action } = event.change;
  switch (event.state) {
    case 'start':
      return `${address}: ${ACTIONS[action].progress.doing}`;
    case 'done':
      return `${address}: ${ACTIONS[action].progress.done} after ${seconds(event.ms)}`;
    case 'failed':
      return `${address}: Failed after ${seconds(event.ms)}`;
  }
}

function countByAction(changes: Change[]): Record<Action, number> {
  const counts: Record<Action, number> = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const change of changes) counts[change.action] += 1;
  return counts;
}

/** A note names changes and things of the server (a team another writer made): escaped like every other line. */
function noteLine(note: ApplyNote): string {
  return `Note: ${printable(describeApplyNote(note))}`;
}

function listChanges(title: string, changes: Change[], symbol: (change: Change) => string): string[] {
  if (changes.length === 0) return [];
  return [`${title} (${changes.length}):`, ...changes.map((change) => `  ${symbol(change)} ${printable(change.address)}`)];
}

/**
 * The closing report of apply, for stdout: a summary line, or on failure what
 * was applied, what failed and what was not attempted. Why each change failed
 * is said apart (`renderApplyErrors`), for stderr.
 */
export function renderApplyResult(result: ApplyResult): string {
  const lines: string[] = [
    ...result.notes.map(noteLine),
    ...(result.undoneAccess ?? []).filter((undone) => undone.repaired).map(repairedLine),
  ];
  const counts = countByAction(result.applied);
  const resources = `${counts.create} added, ${counts.update} changed, ${counts.replace} replaced, ${counts.delete} destroyed`;
  if (result.failures.length === 0) {
    lines.push(`Apply complete! Resources: ${resources}.`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    ...listChanges('Applied', result.applied, (c) => ACTIONS[c.action].symbol),
    ...listChanges('Failed', result.failures.map((failure) => failure.change), () => '!'),
    ...listChanges('Not attempted', result.notAttempted, (c) => ACTIONS[c.action].symbol),
    '',
    `Apply failed. Resources: ${resources}, ${result.failures.length} failed. Run apply again to converge from the server's real state.`,
  );
  return `${lines.join('\n')}\n`;
}

/** A read-back that found planned grants undone by another writer, and the rewrite that put them back. */
function repairedLine(undone: UndoneAccess): string {
  const grants = undone.grants.map(printable).join(', ');
  return (
    `Note: ${printable(holderOf(undone))}: another writer undid ${grants} right after the tool's PUT; ` +
    `written again from a fresh read, and read back as planned (${undone.writes} PUTs).`
  );
}

/** One `Error:` line per failed change, with Portainer's message: what a person must read, on stderr. */
export function renderApplyErrors(result: ApplyResult): string {
  return result.failures.map(({ change, failure }) => `Error: apply failed at ${printable(change.address)}: ${printable(describeApplyFailure(failure))}\n`).join('');
}

/** After SIGINT or SIGTERM: what was applied before the stop and what was never started. */
export function renderApplyInterrupted(result: ApplyResult): string {
  return [
    ...result.notes.map(noteLine),
    'Apply interrupted: stopped after the changes in flight.',
    '',
    ...listChanges('Applied', result.applied, (c) => ACTIONS[c.action].symbol),
    ...listChanges('Not attempted', result.notAttempted, (c) => ACTIONS[c.action].symbol),
    '',
    `Resources: ${result.applied.length} applied, ${result.notAttempted.length} not attempted. Run apply again to finish.`,
    '',
  ].join('\n');
}
