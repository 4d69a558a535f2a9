import { printable } from '../render/common/printable.js';
import { userMessageOf } from '../user-message.js';
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
  const message = userMessageOf(error);
  const ours = typeof error === 'object' && error !== null && typeof (error as { userMessage?: unknown }).userMessage === 'string';
  // A message may quote a server or a file: each of its lines is made printable, never raw to the terminal.
  const safe = message.split('\n').map(printable).join('\n');
  writeErr(`Error: ${safe}${ours || debug ? '' : ' (unexpected; run again with --debug to see where it happened)'}`);
  if (error instanceof UsageError) writeErr(`Run 'portainer-users${error.command ? ` ${error.command}` : ''} --help' for usage.`);
  if (debug && error instanceof Error && error.stack) writeErr(error.stack);
  return 1;
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
