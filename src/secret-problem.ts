/**
 * Why a secret could not be read, as data: the variable or file it names and
 * what is wrong with it, never its value. The manifest layer finds these; the
 * plan carries them as facts; the words for them are written once, here.
 */
export type SecretProblem =
  | { source: 'env'; name: string; state: 'unset' | 'empty' }
  | { source: 'file'; name: string; state: 'missing' | 'denied' | 'folder' | 'not-a-file' | 'too-large' | 'empty' | 'unreadable' };

/** A password file is a few bytes; a bigger one is the wrong file (or /dev/zero), and is not read at all. */
export const MAX_SECRET_FILE_BYTES = 64 * 1024;

/** `environment variable BOB_PASSWORD is not set`, `cannot read file bob.txt: no such file`. */
export function describeSecretProblem(problem: SecretProblem): string {
  if (problem.source === 'env') return `environment variable ${problem.name} is ${problem.state === 'unset' ? 'not set' : 'empty'}`;
  switch (problem.state) {
    case 'empty':
      return `file ${problem.name} is empty`;
    case 'missing':
      return `cannot read file ${problem.name}: no such file`;
    case 'denied':
      return `cannot read file ${problem.name}: permission denied`;
    case 'folder':
      return `cannot read file ${problem.name}: it is a folder`;
    case 'not-a-file':
      return `cannot read file ${problem.name}: it is not a regular file (a FIFO, a device or a socket)`;
    case 'too-large':
      return `file ${problem.name} is larger than ${MAX_SECRET_FILE_BYTES / 1024} KiB, far more than a password; is it the right file?`;
    case 'unreadable':
      return `cannot read file ${problem.name}`;
  }
}
