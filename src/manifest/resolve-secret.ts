import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { Secret } from '../secret.js';
import { describeSecretProblem, MAX_SECRET_FILE_BYTES, type SecretProblem } from '../secret-problem.js';

/** How the manifest refers to a secret: a plain string, `{ env: NAME }` or `{ file: PATH }`. */
export type SecretRef = string | { env: string } | { file: string };

/**
 * A secret that cannot be read. The message names the variable or file and
 * the user it belongs to, never a value; `problem` says the same as data.
 */
export class SecretError extends Error {
  readonly userMessage: string;
  readonly problem: SecretProblem;

  constructor(problem: SecretProblem, owner: string) {
    const userMessage = `${describeSecretProblem(problem)} (the password of user ${JSON.stringify(owner)})`;
    super(userMessage);
    this.name = 'SecretError';
    this.userMessage = userMessage;
    this.problem = problem;
  }
}

/**
 * Reads a secret at the moment it is needed. `{ file }` is relative to the
 * manifest's folder `dir`; its trailing newline (editors add one) is dropped.
 * `owner` is the username the secret belongs to, for the error message.
 */
export function resolveSecret(ref: SecretRef, dir: string, owner: string): Secret {
  if (typeof ref === 'string') return new Secret(ref);
  if ('env' in ref) {
    const value = process.env[ref.env];
    if (value === undefined) throw new SecretError({ source: 'env', name: ref.env, state: 'unset' }, owner);
    if (value === '') throw new SecretError({ source: 'env', name: ref.env, state: 'empty' }, owner);
    return new Secret(value);
  }
  const path = isAbsolute(ref.file) ? ref.file : resolve(dir, ref.file);
  // Looked at before it is opened: opening a FIFO waits for a writer, and /dev/zero never ends.
  const kind = fileKind(path);
  if (kind) throw new SecretError({ source: 'file', name: ref.file, state: kind }, owner);
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SecretError({ source: 'file', name: ref.file, state: readFailure(error) }, owner);
  }
  const value = content.replace(/[\r\n]+$/, '');
  if (value === '') throw new SecretError({ source: 'file', name: ref.file, state: 'empty' }, owner);
  return new Secret(value);
}

function fileKind(path: string): 'folder' | 'not-a-file' | 'too-large' | undefined {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return undefined; // the read says why
  }
  if (stats.isDirectory()) return 'folder';
  if (!stats.isFile()) return 'not-a-file';
  return stats.size > MAX_SECRET_FILE_BYTES ? 'too-large' : undefined;
}

function readFailure(error: unknown): 'missing' | 'denied' | 'folder' | 'unreadable' {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOENT':
      return 'missing';
    case 'EACCES':
    case 'EPERM':
      return 'denied';
    case 'EISDIR':
      return 'folder';
    default:
      return 'unreadable';
  }
}
