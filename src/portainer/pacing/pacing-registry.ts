import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UserFacingError } from '../../user-message.js';
import { Pacer } from './pacing.js';
import { serverKeyOf } from './server-identity.js';

/**
 * Which pacer a call to a server takes its tokens from. Portainer's bucket is
 * per server and per client address, so every process of this user on this
 * machine that talks to one Portainer must share one bucket, whatever URL it
 * spells (`127.0.0.1`, `localhost`, a second DNS name) and whatever its
 * `TMPDIR`: a server is known by `serverKeyOf` (server-identity.ts).
 */

/** The pacing folder is not this user's private folder: another user could read or plant its files. */
export class PacingFolderError extends UserFacingError {}

const pacersByOrigin = new Map<string, Promise<Pacer>>();
const pacersByServer = new Map<string, Pacer>();

/** The pacer every client of this process uses for the server at `origin`. */
export function pacerFor(origin: string): Promise<Pacer> {
  let pacer = pacersByOrigin.get(origin);
  if (!pacer) {
    pacer = serverKeyOf(origin).then((key) => {
      let shared = pacersByServer.get(key);
      if (!shared) pacersByServer.set(key, (shared = new Pacer({ stateFile: bucketFileFor(key, pacingDirectory()) })));
      return shared;
    });
    // A failure (a folder that is not private) is said to this call, and asked again by the next.
    pacer.catch(() => pacersByOrigin.delete(origin));
    pacersByOrigin.set(origin, pacer);
  }
  return pacer;
}

/** The server's rate-limit bucket: one file per server. */
export function bucketFileFor(serverKey: string, directory: string): string {
  return serverFileFor(serverKey, directory, 'rate-limit', 'json');
}

/**
 * A file of the server's state in `directory` (its rate-limit bucket, its
 * apply lock): `<prefix>-<hash>.<extension>`. The name is a hash, so no host
 * name or instance id lands in the folder's listing.
 */
export function serverFileFor(serverKey: string, directory: string, prefix: string, extension: string): string {
  const digest = createHash('sha256').update(serverKey).digest('hex').slice(0, 24);
  return join(directory, `${prefix}-${digest}.${extension}`);
}

/**
 * This user's private folder for pacing state, the same for every process
 * of the user whatever its `TMPDIR`: `$XDG_RUNTIME_DIR/portainer-users`
 * (per user, made private by the system), else `/tmp/portainer-users-<uid>`.
 * It is created 0700; an existing one must be a folder (not a link) that
 * this user owns and nobody else may read or write.
 */
export function pacingDirectory(): string {
  const runtime = process.env['XDG_RUNTIME_DIR'];
  const uid = process.getuid?.() ?? 0;
  const folder = runtime ? join(runtime, 'portainer-users') : join('/tmp', `portainer-users-${uid}`);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stats = lstatSync(folder);
  if (!stats.isDirectory() || stats.isSymbolicLink()) throw new PacingFolderError(`${folder} (Portainer's rate-limit state) is not a folder; remove it`);
  if (process.getuid && stats.uid !== uid) {
    throw new PacingFolderError(`${folder} (Portainer's rate-limit state) belongs to another user (uid ${stats.uid}); remove it, or set XDG_RUNTIME_DIR`);
  }
  if ((stats.mode & 0o077) !== 0) {
    throw new PacingFolderError(`${folder} (Portainer's rate-limit state) can be read or written by other users (mode ${(stats.mode & 0o777).toString(8)}); run chmod 700 on it`);
  }
  return folder;
}

/** For benchmarks and tests: forget what any process remembers of the server at `origin` (it is gone). */
export async function forgetPacingOf(origin: string): Promise<void> {
  rmSync(bucketFileFor(await serverKeyOf(origin), pacingDirectory()), { force: true });
}

/** For tests: forget every bucket this process knows, in memory and on disk, so the next call starts full. */
export function resetPacing(): void {
  for (const [key] of pacersByServer) rmSync(bucketFileFor(key, pacingDirectory()), { force: true });
  pacersByServer.clear();
  pacersByOrigin.clear();
}
