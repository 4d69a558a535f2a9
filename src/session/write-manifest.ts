import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { describeReadFailure } from '../files/read-failure.js';
import { writeFileAtomic } from '../files/write-atomic.js';
import type { LoadedManifest } from '../manifest/index.js';
import type { ManifestPatch } from '../patch/types.js';
import { UserFacingError } from '../user-message.js';

/** The manifest could not be edited in place: it changed since it was read, or cannot be read again. */
export class ManifestWriteError extends UserFacingError {}

/**
 * Writes the accepted drift into the manifest, atomically and with the
 * file's own mode, only if the file still holds the bytes the drift was
 * checked against (someone may have edited it meanwhile). Returns whether
 * anything was written: a patch that changes nothing leaves the file alone.
 */
export async function writeAcceptedManifest(loaded: LoadedManifest, patch: ManifestPatch): Promise<boolean> {
  if (patch.patched === patch.original) return false;
  let bytes: Buffer;
  let mode: number;
  try {
    [bytes, mode] = await Promise.all([readFile(loaded.absolutePath), stat(loaded.absolutePath).then((found) => found.mode & 0o777)]);
  } catch (error) {
    throw new ManifestWriteError(`cannot read ${loaded.file} again to write it: ${describeReadFailure(error)}`);
  }
  if (`sha256:${createHash('sha256').update(bytes).digest('hex')}` !== loaded.digest) {
    throw new ManifestWriteError(`${loaded.file} changed while drift ran, so it was not written; run drift --write again`);
  }
  await writeFileAtomic(loaded.absolutePath, patch.patched, mode);
  return true;
}
