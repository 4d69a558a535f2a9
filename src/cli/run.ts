import { buildProgram } from './program.js';
import { reportError } from './report-error.js';

/** The only place that ends the process and decides its exit code (a second Ctrl-C aside: see interrupt.ts). */
export async function main(argv: string[], version: () => string): Promise<never> {
  const debug = argv.includes('--debug');
  // Whatever escapes the command (a throw in a callback, a rejected promise nobody awaited) still ends in one sentence, not a stack.
  const crash = (error: unknown) => void reportError(error, debug).then(() => process.exit(1));
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  let code: number;
  try {
    await buildProgram(version()).parseAsync(argv);
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    code = await reportError(error, debug);
  }
  // stdout and stderr are synchronous for files and pipes on Linux, so nothing is lost here.
  process.exit(code);
}
