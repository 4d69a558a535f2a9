import { UsageError } from './target.js';

/** `--json` is the short form of `--format json`; asking for two formats is a usage error. */
export function formatOf<Format extends string>(options: { json?: boolean; format?: Format }, fallback: Format, command: string): Format | 'json' {
  if (options.json && options.format && options.format !== 'json') {
    throw new UsageError(`--json and --format ${options.format} ask for two formats; give one`, command);
  }
  return options.json ? 'json' : (options.format ?? fallback);
}
