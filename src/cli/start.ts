import { writeSync } from 'node:fs';
import { isVersionOnly, packageVersion } from './version.js';

/**
 * The entry point, built as CommonJS (`dist/bundle/start.cjs`, which
 * bin/portainer-users.js requires): what must be quick is done before Node's
 * ES module loader starts, which costs about a tenth of a bare `node` run.
 * `--version` alone is answered here (what commander would print: the
 * version and a newline, exit 0); a plain `plan -f` sends its public reads
 * (`early-start.ts`, evaluated only then); then the CLI proper (`main.js`, ES
 * modules) takes over.
 */
const args = process.argv.slice(2);
if (isVersionOnly(args)) writeVersion(`${packageVersion()}\n`);
else void start();

/**
 * Written straight to the file descriptor: `process.stdout` would first set up
 * a stream (for a pipe, a socket), which costs more than the rest of the run.
 * A reader that has gone (`--version | true`) is no error, as for every
 * command (output.ts); anything else unexpected goes the ordinary way.
 */
function writeVersion(text: string): void {
  try {
    writeSync(1, text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') process.stdout.write(text);
  }
}

async function start(): Promise<void> {
  if (args[0] === 'plan') {
    try {
      (await import('./early-start.js')).sendEarly(args, process.env);
    } catch {
      // Nothing was sent: the plan sends its public reads itself, as any other run does.
    }
  }
  await import('./main.js');
}
