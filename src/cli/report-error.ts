import { issueLine, type ManifestIssue } from '../manifest/issues.js';
import { cappedLines } from '../render/common/capped-lines.js';
import { printable } from '../render/common/printable.js';
import { hasUserMessage, userMessageOf } from '../user-message.js';
import { writeErr } from './output.js';
import { UsageError } from './target.js';

/**
 * Turns anything thrown into one sentence on stderr and an exit code.
 * Errors of our own carry a `userMessage`; anything else is a bug, shown
 * with its stack only under --debug.
 */
export async function reportError(error: unknown, debug: boolean): Promise<number> {
  // commander has said it already, in one line (program.ts).
  if (isCommanderExit(error)) return error.exitCode;
  // A manifest or fleet file with problems: one `Error:` line each, as validate says them.
  if (hasIssues(error)) {
    const everyIn = error instanceof Error && error.name === 'ManifestError' ? { everyIn: 'validate --format json' } : {};
    for (const line of cappedLines(error.issues.map(issueLine), { one: 'problem', many: 'problems', ...everyIn })) writeErr(printable(line));
    return 1;
  }
  // A message may quote a server or a file: each of its lines is made printable, never raw to the terminal.
  const safe = sentenceOfError(error, debug).split('\n').map(printable).join('\n');
  writeErr(`Error: ${safe}`);
  if (error instanceof UsageError) writeErr(`Run 'portainer-users${error.command ? ` ${error.command}` : ''} --help' for usage.`);
  if (debug && error instanceof Error && error.stack) writeErr(error.stack);
  return 1;
}

/** The sentence for anything thrown; a defect says so, and where to look, unless --debug shows its stack. */
export function sentenceOfError(error: unknown, debug: boolean): string {
  return `${userMessageOf(error)}${hasUserMessage(error) || debug ? '' : ' (unexpected; run again with --debug to see where it happened)'}`;
}

function hasIssues(error: unknown): error is { issues: ManifestIssue[] } {
  const issues = typeof error === 'object' && error !== null ? (error as { issues?: unknown }).issues : undefined;
  return Array.isArray(issues) && issues.length > 0 && (error as { userMessage?: unknown }).userMessage !== undefined;
}

interface CommanderExit {
  code: string;
  exitCode: number;
}

function isCommanderExit(error: unknown): error is CommanderExit {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as CommanderExit).code === 'string' &&
    (error as CommanderExit).code.startsWith('commander.') &&
    typeof (error as CommanderExit).exitCode === 'number'
  );
}
