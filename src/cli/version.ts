import { readFileSync } from 'node:fs';

/** The package's version, read from its package.json (two folders up from src/cli/, dist/cli/ and dist/bundle/ alike). */
export function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

/**
 * `--version` alone is answered before commander is even loaded: what
 * commander would print (the version and a newline, exit 0), at the cost of
 * one small file read instead of the whole command-line parser.
 */
export function isVersionOnly(args: readonly string[]): boolean {
  return args.length === 1 && (args[0] === '--version' || args[0] === '-V');
}
