import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { isAbsolute, relative, sep } from 'node:path';
import type { ManifestPatch } from '../../patch/types.js';

/**
 * The accepted drift as a unified diff of the manifest, `a/<path>` and
 * `b/<path>` as git writes them, so `git apply` and `patch -p1` take it from
 * the folder the path is relative to. Empty when nothing changes.
 */
export function renderManifestPatch(patch: Pick<ManifestPatch, 'original' | 'patched'>, path: string): string {
  if (patch.original === patch.patched) return '';
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, patch.original, patch.patched, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
}

/** The manifest's path as a patch names it: relative to `cwd`, with forward slashes. */
export function patchPathOf(absolutePath: string, cwd: string): string {
  const path = relative(cwd, absolutePath);
  return (isAbsolute(path) ? absolutePath : path).split(sep).join('/');
}
