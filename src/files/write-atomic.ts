import { randomBytes } from 'node:crypto';
import { chmod, chown, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeFileFailure } from './read-failure.js';
import { UserFacingError } from '../user-message.js';
import { whyNotWritable } from './writable.js';

/** A file the tool could not write, said in words (never a temporary name or an errno). */
export class FileWriteError extends UserFacingError {}

/** Who owns a file: a replacement made for it gets the same owner, or is not made. */
export interface FileOwner {
  uid: number;
  gid: number;
}

/**
 * The one way the tool writes a file: to a temporary file beside it, then a
 * rename, so a reader never sees half a file and an interrupted run leaves the
 * old one whole. `mode` applies from the first byte (0600 for secrets); with
 * `owner`, the new file gets that owner and group before it takes the old
 * one's place, and when that is not allowed nothing is written.
 */
export async function writeFileAtomic(path: string, content: string, mode = 0o644, owner?: FileOwner): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, content, { mode, flag: 'wx' });
    await chmod(temporary, mode);
    if (owner) await keepOwner(temporary, owner, path);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    if (error instanceof FileWriteError) throw error;
    throw new FileWriteError(`cannot write ${path}: ${(await whyNotWritable(path)) ?? failureOf(error)}`);
  }
}

async function keepOwner(temporary: string, owner: FileOwner, path: string): Promise<void> {
  const made = await stat(temporary);
  if (made.uid === owner.uid && made.gid === owner.gid) return;
  try {
    await chown(temporary, owner.uid, owner.gid);
  } catch {
    throw new FileWriteError(`cannot write ${path} without changing its owner (uid ${owner.uid}, gid ${owner.gid}); nothing was written: run the tool as its owner`);
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
  return describeFileFailure(error, 'it could not be written');
}
