import { resolve } from 'node:path';
import { foldUsername } from '../plan/match.js';
import type { Secret } from '../secret.js';
import { ManifestError, sortIssues, type ManifestIssue } from './issues.js';
import { parseLayers, type Placer } from './layered.js';
import type { PathSegment } from './locate.js';
import { formatPath, parseManifestText, readManifestData } from './parse.js';
import { digestOf, ManifestCache, readManifestFile, STDIN, STDIN_NAME, type ManifestFile } from './read-file.js';
import { resolveSecret, SecretError, type SecretRef } from './resolve-secret.js';
import type { Manifest } from './schema.js';

/** A manifest read from disk and checked; the only place a manifest file is read. */
export interface LoadedManifest {
  /** As given on the command line (with several files, the first). */
  file: string;
  absolutePath: string;
  /** The manifest's folder (with several files, the first's). */
  dir: string;
  /** `sha256:<hex>` of the file's bytes; with several files, of their digests in order. A saved plan names its manifests by it. */
  digest: string;
  manifest: Manifest;
  warnings: ManifestIssue[];
  /** Every file of a layered manifest (`-f users.yaml -f prod.yaml`), in order; absent for a single file. */
  layers?: ManifestLayer[];
}

/** One file of a layered manifest. */
export interface ManifestLayer {
  file: string;
  absolutePath: string;
  /** `{ file }` secrets named in this file are relative to it. */
  dir: string;
  digest: string;
}

export interface ManifestCheck {
  /** Present when the manifest has no errors. */
  loaded?: LoadedManifest;
  /** Errors and warnings in reading order. */
  issues: ManifestIssue[];
}

export { STDIN } from './read-file.js';

// Positions, the text and the layers stay with the loaded manifest (without widening its public shape) for later checks and edits.
const placers = new WeakMap<LoadedManifest, Placer>();
const texts = new WeakMap<LoadedManifest, string>();
const secretDirs = new WeakMap<LoadedManifest, (path: readonly PathSegment[]) => string>();

/** The manifest's text as it was read (stdin too), for an edit of it that must start from the very bytes checked; one file only. */
export function manifestTextOf(loaded: LoadedManifest): string {
  const text = texts.get(loaded);
  if (text === undefined) throw new Error(loaded.layers ? 'a layered manifest has no single text to edit' : 'the manifest was not read by loadManifest');
  return text;
}

/**
 * Where a path of the manifest sits in its text, when the manifest was read
 * from text here; a layered manifest also names the file that wrote it.
 */
export function positionIn(loaded: LoadedManifest, path: (string | number)[]): { line: number; col: number; file?: string } | undefined {
  const place = placers.get(loaded);
  if (!place) return undefined;
  const { file, line, col } = place(path);
  return loaded.layers ? { line, col, file } : { line, col };
}

/** The folder a `{ file }` secret at `path` is relative to: the folder of the file that names it. */
export function secretDirOf(loaded: LoadedManifest, path: readonly PathSegment[]): string {
  return secretDirs.get(loaded)?.(path) ?? loaded.dir;
}

export interface LoadOptions {
  /** Files read and parsed once per run (a fleet's targets sharing a file). */
  cache?: ManifestCache;
}

/** Reads and checks a manifest, or several layered in order; throws a ManifestError listing every error. */
export async function loadManifest(files: string | readonly string[], options: LoadOptions = {}): Promise<LoadedManifest> {
  const { loaded, issues } = await checkManifest(files, options);
  if (!loaded) throw new ManifestError(issues.filter((issue) => issue.severity === 'error'));
  return loaded;
}

/**
 * Everything `validate` reports, without throwing. With `secrets`, also
 * checks that every `{ env }` variable is set and every `{ file }` readable,
 * and says so as warnings: a manifest is valid without its secrets (a pull
 * request from a fork has none); a plan that needs one makes it an error.
 */
export async function checkManifest(files: string | readonly string[], options: { secrets?: boolean } & LoadOptions = {}): Promise<ManifestCheck> {
  const list = typeof files === 'string' ? [files] : files;
  const cache = options.cache;
  const check = (): Promise<ManifestCheck> => (list.length === 1 ? checkOneFile(list[0] as string, cache) : checkLayers(list, cache));
  // stdin is read once, so a check that reads it is never shared.
  const checked = await (cache && !list.includes(STDIN) ? cache.memo(`check:${JSON.stringify(list.map((file) => resolve(file)))}`, check) : check());
  if (!checked.loaded || !options.secrets) return checked;
  const secretIssues = findSecretProblems(checked.loaded).map((issue) => ({ ...issue, severity: 'warning' as const }));
  return { loaded: checked.loaded, issues: sortIssues([...checked.issues, ...secretIssues]) };
}

async function checkOneFile(file: string, cache: ManifestCache | undefined): Promise<ManifestCheck> {
  const found = await (cache ? cache.read(file) : readManifestFile(file));
  if ('problem' in found.read) return { issues: [unreadable(found.name, found.read.problem)] };
  const parsed = parseManifestText(found.read.text, found.name);
  if (!parsed.manifest) return { issues: parsed.issues };
  const loaded: LoadedManifest = {
    file,
    absolutePath: found.absolutePath,
    dir: found.dir,
    digest: found.read.digest,
    manifest: parsed.manifest,
    warnings: parsed.issues.filter((issue) => issue.severity === 'warning'),
  };
  const { locate } = parsed;
  placers.set(loaded, (path, at) => ({ file: found.name, ...locate(path, at), path: formatPath(path) }));
  texts.set(loaded, found.read.text);
  return { loaded, issues: parsed.issues };
}

async function checkLayers(list: readonly string[], cache: ManifestCache | undefined): Promise<ManifestCheck> {
  if (list.filter((file) => file === STDIN).length > 1) return { issues: [unreadable(STDIN_NAME, 'stdin can be read once: give -f - for one of the manifests only')] };
  const found = await Promise.all(list.map((file) => (cache ? cache.read(file) : readManifestFile(file))));
  const problems = found.flatMap((one) => ('problem' in one.read ? [unreadable(one.name, one.read.problem)] : []));
  if (problems.length > 0) return { issues: problems };
  const layers = found.map((one) => {
    const { text } = one.read as { text: string };
    const read = cache ? cache.memo(`read:${one.absolutePath}`, () => readManifestData(text, one.name)) : readManifestData(text, one.name);
    return { file: one.name, read };
  });
  const parsed = parseLayers(layers);
  if (!parsed.manifest) return { issues: parsed.issues };
  const digests = found.map((one) => (one.read as { digest: string }).digest);
  const [first] = found as [ManifestFile, ...ManifestFile[]];
  const loaded: LoadedManifest = {
    file: first.file,
    absolutePath: first.absolutePath,
    dir: first.dir,
    digest: digestOf(digests.join('\n')),
    manifest: parsed.manifest,
    warnings: parsed.issues.filter((issue) => issue.severity === 'warning'),
    layers: found.map((one, index) => ({ file: one.file, absolutePath: one.absolutePath, dir: one.dir, digest: digests[index] as string })),
  };
  placers.set(loaded, parsed.place);
  secretDirs.set(loaded, (path) => found[parsed.layerOf(path)]?.dir ?? first.dir);
  return { loaded, issues: parsed.issues };
}

function unreadable(name: string, problem: string): ManifestIssue {
  return { file: name, line: 0, col: 0, path: '', message: problem, severity: 'error' };
}

/** One error per password whose variable is unset or whose file cannot be read. */
export function findSecretProblems(loaded: LoadedManifest): ManifestIssue[] {
  const place = placers.get(loaded);
  return passwordEntries(loaded.manifest).flatMap(({ path, username, ref }) => {
    try {
      resolveSecret(ref, secretDirOf(loaded, path), username);
      return [];
    } catch (error) {
      if (!(error instanceof SecretError)) throw error;
      const where = place ? place(path) : { file: loaded.file, line: 1, col: 1, path: formatPath(path) };
      return [{ ...where, message: error.userMessage, severity: 'error' as const }];
    }
  });
}

interface PasswordEntry {
  path: (string | number)[];
  username: string;
  ref: SecretRef;
}

function passwordEntries(manifest: Manifest): PasswordEntry[] {
  const entries: PasswordEntry[] = [];
  const { admin } = manifest;
  if (admin) entries.push({ path: ['admin', 'password'], username: admin.username, ref: admin.password });
  manifest.users.forEach((user, index) => {
    if (user.password !== undefined) entries.push({ path: ['users', index, 'password'], username: user.username, ref: user.password });
  });
  return entries;
}

const passwordIndexes = new WeakMap<LoadedManifest, Map<string, PasswordEntry>>();

/**
 * The password of `username` (matched case-insensitively, as Portainer does),
 * read now; `undefined` when the manifest gives none. Throws a SecretError
 * when it cannot be read.
 */
export function passwordFor(loaded: LoadedManifest, username: string): Secret | undefined {
  let index = passwordIndexes.get(loaded);
  if (!index) {
    index = new Map(passwordEntries(loaded.manifest).map((entry) => [foldUsername(entry.username), entry]));
    passwordIndexes.set(loaded, index);
  }
  const entry = index.get(foldUsername(username));
  return entry ? resolveSecret(entry.ref, secretDirOf(loaded, entry.path), entry.username) : undefined;
}
