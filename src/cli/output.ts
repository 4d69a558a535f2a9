/**
 * The one way to the terminal. A closed pipe (`plan | head`) is not an
 * error: output that nobody reads any more is dropped, quietly, and the
 * command carries on to its end (an apply must not stop half way because
 * `head` has read enough).
 */

const closed = new Set<NodeJS.WriteStream>();

function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      closed.add(stream);
      return;
    }
    throw error;
  });
}

ignoreClosedPipe(process.stdout);
ignoreClosedPipe(process.stderr);

function write(stream: NodeJS.WriteStream, text: string): void {
  if (closed.has(stream) || stream.destroyed) return;
  stream.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
}

export function writeOut(text: string): void {
  write(process.stdout, text);
}

export function writeErr(text: string): void {
  write(process.stderr, text);
}

/** Colour only on a TTY, and never with NO_COLOR or --no-color. */
export function colorWanted(stream: NodeJS.WriteStream, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  return stream.isTTY === true;
}
