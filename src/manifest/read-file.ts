import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describeReadFailure } from '../files/read-failure.js';

/** `-f -`: the manifest comes from stdin, and `{ file }` secrets are relative to the working directory. */
export const STDIN = '-';
export const STDIN_NAME = '<stdin>';

/** Far more than any manifest needs (50,000 users is about 3 MB); a bigger file is a mistake, not a manifest. */
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

/** A manifest file as read: where it is, its text and the digest of its bytes; or why it cannot be read. */
export interface ManifestFile {
  /** As given on the command line. */
  file: string;
  /** As messages name it (`<stdin>` for `-`). */
  name: string;
  absolutePath: string;
  /** `{ file }` secrets are relative to it. */
  dir: string;
  read: { text: string; digest: string } | { problem: string };
}

/**
 * Files read once per run, by path: a fleet whose targets share `users.yaml`
 * reads and parses it once. A cache holds whatever its owner computes from a
 * file (`memo`), so the manifest layer decides what is worth keeping.
 */
export class ManifestCache {
  readonly #files = new Map<string, Promise<ManifestFile>>();
  readonly #memos = new Map<string, unknown>();

  read(file: string): Promise<ManifestFile> {
    // stdin can be read once only, and is never shared.
    if (file === STDIN) return readManifestFile(file);
    const key = resolve(file);
    let found = this.#files.get(key);
    if (!found) this.#files.set(key, (found = readManifestFile(file)));
    return found;
  }

  /** The value `make` gives for `key`, made once per cache. */
  memo<T>(key: string, make: () => T): T {
    if (!this.#memos.has(key)) this.#memos.set(key, make());
    return this.#memos.get(key) as T;
  }
}

export async function readManifestFile(file: string): Promise<ManifestFile> {
  const fromStdin = file === STDIN;
  const absolutePath = fromStdin ? STDIN_NAME : resolve(file);
  const where = { file, name: fromStdin ? STDIN_NAME : file, absolutePath, dir: fromStdin ? process.cwd() : dirname(absolutePath) };
  return { ...where, read: await readManifestText(fromStdin ? undefined : absolutePath) };
}

/** The manifest's text and digest, or why there are none that a YAML reader should see. */
async function readManifestText(path: string | undefined): Promise<{ text: string; digest: string } | { problem: string }> {
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
  return { text, digest: digestOf(bytes) };
}

export function digestOf(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
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
