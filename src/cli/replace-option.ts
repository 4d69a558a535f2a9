import { ReplaceAddressError } from '../session/errors.js';
import { UsageError } from './target.js';

/** A `--replace` that names no key the manifest manages is a mistake on the command line: said as one, with the pointer to help. */
export async function replaceAsUsage<T>(work: Promise<T>, command: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ReplaceAddressError) throw new UsageError(error.userMessage, command);
    throw error;
  }
}
