import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { describeReadFailure } from '../files/read-failure.js';
import { writeFileAtomic } from '../files/write-atomic.js';
import type { LoadedManifest } from '../manifest/index.js';
import type { ManifestPatch } from '../patch/types.js';
import { UserFacingError } from '../user-message.js';

/** The manifest could not be edited in place: it changed since it was read, or cannot be read again. */
export class ManifestWriteError extends UserFacingError {}

/**
 * Writes the accepted drift into the manifest, atomically, only if the file
 * still holds the bytes the drift was checked against (someone may have
 * edited it meanwhile). The file is the user's: a link is written through to
 * its target (and stays a link), a UTF-8 byte-order mark and the line endings
 * are kept, and so are the mode, the owner and the group; a manifest that is
 * read-only for its owner is refused, whoever runs the tool (root could write
 * it anyway). Returns whether anything was written: a patch that changes
 * nothing leaves the file alone.
 */
export async function writeAcceptedManifest(loaded: LoadedManifest, patch: ManifestPatch): Promise<boolean> {
  if (patch.patched === patch.original) return false;
  let target: string;
  let bytes: Buffer;
  let stats: Stats;
  try {
    target = await realpath(loaded.absolutePath);
    [bytes, stats] = await Promise.all([readFile(target), stat(target)]);
  } catch (error) {
    throw new ManifestWriteError(`cannot read ${loaded.file} again to write it: ${describeReadFailure(error)}`);
  }
  if (`sha256:${createHash('sha256').update(bytes).digest('hex')}` !== loaded.digest) {
    throw new ManifestWriteError(`${loaded.file} changed while drift ran, so it was not written; run drift --write again`);
  }
  if ((stats.mode & 0o200) === 0) {
    throw new ManifestWriteError(
      `${loaded.file} is read-only (mode ${(stats.mode & 0o777).toString(8).padStart(3, '0')}), so drift --write leaves it as it is; make it writable (chmod u+w) to accept the drift into it`,
    );
  }
  // The text was read without its byte-order mark (TextDecoder drops it); the file keeps it.
  const bom = bytes.subarray(0, 3).equals(UTF8_BOM) ? '\ufeff' : '';
  await writeFileAtomic(target, `${bom}${patch.patched}`, stats.mode & 0o777, { uid: stats.uid, gid: stats.gid });
  return true;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
