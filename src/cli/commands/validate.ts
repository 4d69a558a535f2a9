import { checkManifest, formatIssue, type LoadedManifest } from '../../manifest/index.js';
import { writeErr, writeOut } from '../output.js';
import type { GlobalOptions } from '../program.js';

export interface ValidateOptions {
  file?: string;
}

/**
 * Checks a manifest offline: shapes, rules, and that every password can be
 * read (variables set, files readable). Problems and warnings go to stderr,
 * one line each; the verdict for a valid manifest goes to stdout.
 */
export async function run(options: ValidateOptions, _globals: GlobalOptions): Promise<number> {
  const file = options.file ?? '';
  const { loaded, issues } = await checkManifest(file, { secrets: true });
  for (const issue of issues) writeErr(formatIssue(issue));
  if (!loaded) return 1;
  writeOut(`${file}: valid (${summarise(loaded)})`);
  return 0;
}

function summarise(loaded: LoadedManifest): string {
  const users = loaded.manifest.users.length;
  const parts = [`${users} ${users === 1 ? 'user' : 'users'}`];
  if (loaded.manifest.admin) parts.unshift('1 admin');
  return parts.join(', ');
}
