import type { RequestEvent } from '../portainer/index.js';
import { printable } from '../render/common/printable.js';
import type { Target } from '../session/target.js';
import { UserFacingError } from '../user-message.js';
import { writeErr } from './output.js';
import type { GlobalOptions } from './global-options.js';

/** A command-line mistake: the options cannot work together. Said with a pointer to the command's help. */
export class UsageError extends UserFacingError {
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

/** The global options as the session's target; warnings and `--debug`'s request log go to stderr. */
export function targetOf(globals: GlobalOptions): Target {
  return {
    ...(globals.url !== undefined ? { url: globals.url } : {}),
    ...(globals.apiKey !== undefined ? { apiKey: globals.apiKey } : {}),
    ...(globals.username !== undefined ? { username: globals.username } : {}),
    ...(globals.password !== undefined ? { password: globals.password } : {}),
    ...(globals.setupToken !== undefined ? { setupToken: globals.setupToken } : {}),
    ...(globals.insecure ? { insecure: true } : {}),
    ...(globals.caCert !== undefined ? { caCert: globals.caCert } : {}),
    ...(globals.timeout !== undefined ? { timeoutMs: globals.timeout } : {}),
    ...(globals.concurrency !== undefined ? { concurrency: globals.concurrency } : {}),
    ...(globals.debug ? { onRequest: logRequest } : {}),
    ...(globals.givenAs ? { givenAs: globals.givenAs } : {}),
    onWarning: writeErr,
  };
}

/** One line per attempt, then what was sent and received with every credential replaced by [redacted]. */
function logRequest(event: RequestEvent): void {
  // Everything here may come from the server, which may send escape sequences: never raw to the terminal.
  const retry = event.attempt > 1 ? ` [attempt ${event.attempt}]` : '';
  const failure = event.failure ? `: ${printable(event.failure)}` : '';
  writeErr(`debug: ${event.method} ${printable(event.path)} -> ${event.status} (${event.ms} ms)${retry}${failure}`);
  const exchange = event.redacted();
  if (Object.keys(exchange.requestHeaders).length > 0) writeErr(`debug:   request headers ${printable(JSON.stringify(exchange.requestHeaders))}`);
  if (exchange.requestBody) writeErr(`debug:   request body ${printable(exchange.requestBody)}`);
  if (exchange.responseBody) writeErr(`debug:   response body ${printable(exchange.responseBody)}`);
}
