import { randomBytes } from 'node:crypto';
import { rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeFileFailure } from './read-failure.js';

/**
 * Why the tool could not write `path` the way `writeFileAtomic` does (a
 * temporary file beside it, then a rename), in a few words; undefined when
 * it can. Asked before work that must not stop half-way for want of a file.
 */
export async function whyNotWritable(path: string): Promise<string | undefined> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) return 'it is a folder';
  if (existing && !existing.isFile()) return 'it is not a regular file (a FIFO, a device or a socket)';
  const folder = dirname(path);
  const parent = await stat(folder).catch(() => undefined);
  if (!parent) return `its folder ${folder} does not exist`;
  if (!parent.isDirectory()) return `${folder} is not a folder`;
  const probe = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(probe, '', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    return writeFailure(error);
  } finally {
    await rm(probe, { force: true });
  }
  return undefined;
}

function writeFailure(error: unknown): string {
  return describeFileFailure(error, 'it cannot be written');
}
