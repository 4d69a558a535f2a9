import { buildProgram } from './program.js';
import { reportError } from './report-error.js';

/** The only place that ends the process and decides its exit code. */
async function main(argv: string[]): Promise<never> {
  const debug = argv.includes('--debug');
  let code: number;
  try {
    const program = buildProgram();
    await program.parseAsync(argv);
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    code = await reportError(error, debug);
  }
  // stdout and stderr are synchronous for files and pipes on Linux, so nothing is lost here.
  process.exit(code);
}

void main(process.argv);
