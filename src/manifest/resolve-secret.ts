import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { Secret } from '../secret.js';

/** How the manifest refers to a secret: a plain string, `{ env: NAME }` or `{ file: PATH }`. */
export type SecretRef = string | { env: string } | { file: string };

/**
 * A secret that cannot be read. The message names the variable or file and
 * the user it belongs to, never a value.
 */
export class SecretError extends Error {
  readonly userMessage: string;

  constructor(userMessage: string) {
    super(userMessage);
    this.name = 'SecretError';
    this.userMessage = userMessage;
  }
}

/**
 * Reads a secret at the moment it is needed. `{ file }` is relative to the
 * manifest's folder `dir`; its trailing newline (editors add one) is dropped.
 * `owner` is the username the secret belongs to, for the error message.
 */
export function resolveSecret(ref: SecretRef, dir: string, owner: string): Secret {
  const whose = `the password of user ${JSON.stringify(owner)}`;
  if (typeof ref === 'string') return new Secret(ref);
  if ('env' in ref) {
    const value = process.env[ref.env];
    if (value === undefined) throw new SecretError(`environment variable ${ref.env} is not set (${whose})`);
    if (value === '') throw new SecretError(`environment variable ${ref.env} is empty (${whose})`);
    return new Secret(value);
  }
  const path = isAbsolute(ref.file) ? ref.file : resolve(dir, ref.file);
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SecretError(`cannot read file ${ref.file} (${whose}): ${readFailure(error)}`);
  }
  const value = content.replace(/[\r\n]+$/, '');
  if (value === '') throw new SecretError(`file ${ref.file} is empty (${whose})`);
  return new Secret(value);
}

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return code ?? 'unreadable';
  }
}
