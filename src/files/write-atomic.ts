import { randomBytes } from 'node:crypto';
import { chmod, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserFacingError } from '../user-message.js';
import { whyNotWritable } from './writable.js';

/** A file the tool could not write, said in words (never a temporary name or an errno). */
export class FileWriteError extends UserFacingError {}

/**
 * The one way the tool writes a file: to a temporary file beside it, then a
 * rename, so a reader never sees half a file and an interrupted run leaves the
 * old one whole. `mode` applies from the first byte (0600 for secrets).
 */
export async function writeFileAtomic(path: string, content: string, mode = 0o644): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, content, { mode, flag: 'wx' });
    await chmod(temporary, mode);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new FileWriteError(`cannot write ${path}: ${(await whyNotWritable(path)) ?? failureOf(error)}`);
  }
}

/**
 * Refuses, before any work, a path the tool could not write the way
 * `writeFileAtomic` does; `what` names the file for the reader ("the plan").
 */
export async function refuseUnwritable(path: string, what: string): Promise<void> {
  const why = await whyNotWritable(path);
  if (why) throw new FileWriteError(`cannot write ${what} to ${path}: ${why}`);
}

function failureOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? 'it could not be written';
}
