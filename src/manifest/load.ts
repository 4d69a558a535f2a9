import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describeReadFailure } from '../files/read-failure.js';
import { foldUsername } from '../plan/match.js';
import type { Secret } from '../secret.js';
import { ManifestError, sortIssues, type ManifestIssue } from './issues.js';
import type { Locator } from './locate.js';
import { formatPath, parseManifestText } from './parse.js';
import { resolveSecret, SecretError, type SecretRef } from './resolve-secret.js';
import type { Manifest } from './schema.js';

/** A manifest read from disk and checked; the only place a manifest file is read. */
export interface LoadedManifest {
  /** As given on the command line. */
  file: string;
  absolutePath: string;
  /** The manifest's folder: `{ file }` secrets are relative to it. */
  dir: string;
  /** `sha256:<hex>` of the file's bytes; a saved plan names the manifest it came from by it. */
  digest: string;
  manifest: Manifest;
  warnings: ManifestIssue[];
}

export interface ManifestCheck {
  /** Present when the manifest has no errors. */
  loaded?: LoadedManifest;
  /** Errors and warnings in reading order. */
  issues: ManifestIssue[];
}

/** `-f -`: the manifest comes from stdin, and `{ file }` secrets are relative to the working directory. */
export const STDIN = '-';
const STDIN_NAME = '<stdin>';

/** Far more than any manifest needs (50,000 users is about 3 MB); a bigger file is a mistake, not a manifest. */
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

// Positions and the text stay with the loaded manifest (without widening its public shape) for later checks and edits.
const locators = new WeakMap<LoadedManifest, Locator>();
const texts = new WeakMap<LoadedManifest, string>();

/** The manifest's text as it was read (stdin too), for an edit of it that must start from the very bytes checked. */
export function manifestTextOf(loaded: LoadedManifest): string {
  const text = texts.get(loaded);
  if (text === undefined) throw new Error('the manifest was not read by loadManifest');
  return text;
}

/** Where a path of the manifest sits in its text, when the manifest was read from text here. */
export function positionIn(loaded: LoadedManifest, path: (string | number)[]): { line: number; col: number } | undefined {
  return locators.get(loaded)?.(path);
}

/** Reads and checks a manifest; throws a ManifestError listing every error. */
export async function loadManifest(file: string): Promise<LoadedManifest> {
  const { loaded, issues } = await checkManifest(file);
  if (!loaded) throw new ManifestError(issues.filter((issue) => issue.severity === 'error'));
  return loaded;
}

/**
 * Everything `validate` reports, without throwing. With `secrets`, also
 * checks that every `{ env }` variable is set and every `{ file }` readable,
 * and says so as warnings: a manifest is valid without its secrets (a pull
 * request from a fork has none); a plan that needs one makes it an error.
 */
export async function checkManifest(file: string, options: { secrets?: boolean } = {}): Promise<ManifestCheck> {
  const fromStdin = file === STDIN;
  const name = fromStdin ? STDIN_NAME : file;
  const absolutePath = fromStdin ? STDIN_NAME : resolve(file);
  const read = await readManifestText(fromStdin ? undefined : absolutePath);
  if ('problem' in read) return { issues: [{ file: name, line: 0, col: 0, path: '', message: read.problem, severity: 'error' }] };
  const parsed = parseManifestText(read.text, name);
  if (!parsed.manifest) return { issues: parsed.issues };

  const loaded: LoadedManifest = {
    file,
    absolutePath,
    dir: fromStdin ? process.cwd() : dirname(absolutePath),
    digest: `sha256:${createHash('sha256').update(read.bytes).digest('hex')}`,
    manifest: parsed.manifest,
    warnings: parsed.issues.filter((issue) => issue.severity === 'warning'),
  };
  locators.set(loaded, parsed.locate);
  texts.set(loaded, read.text);
  if (!options.secrets) return { loaded, issues: parsed.issues };

  const secretIssues = findSecretProblems(loaded).map((issue) => ({ ...issue, severity: 'warning' as const }));
  return { loaded, issues: sortIssues([...parsed.issues, ...secretIssues]) };
}

/** The manifest's bytes and text, or why there are none that a YAML reader should see. */
async function readManifestText(path: string | undefined): Promise<{ bytes: Buffer; text: string } | { problem: string }> {
  let bytes: Buffer;
  try {
    bytes = path === undefined ? await readStdin() : await readFile(path);
  } catch (error) {
    return { problem: error instanceof TooLarge ? tooLarge() : `cannot read the manifest: ${describeReadFailure(error)}` };
  }
  if (bytes.length > MAX_MANIFEST_BYTES) return { problem: tooLarge() };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { problem: 'the manifest is not a YAML text file: it is not UTF-8 text' };
  }
  if (text.includes('\u0000')) return { problem: 'the manifest is not a YAML text file: it holds binary data (NUL bytes)' };
  return { bytes, text };
}

class TooLarge extends Error {}

function tooLarge(): string {
  return `the manifest is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MB, far more than any manifest needs; is it the right file?`;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_MANIFEST_BYTES) throw new TooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}


/** One error per password whose variable is unset or whose file cannot be read. */
export function findSecretProblems(loaded: LoadedManifest): ManifestIssue[] {
  const locate = locators.get(loaded);
  return passwordEntries(loaded.manifest).flatMap(({ path, username, ref }) => {
    try {
      resolveSecret(ref, loaded.dir, username);
      return [];
    } catch (error) {
      if (!(error instanceof SecretError)) throw error;
      const position = locate ? locate(path) : { line: 1, col: 1 };
      return [{ file: loaded.file, ...position, path: formatPath(path), message: error.userMessage, severity: 'error' as const }];
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
  return entry ? resolveSecret(entry.ref, loaded.dir, entry.username) : undefined;
}
