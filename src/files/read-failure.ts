/** What a file system error code means, in words a person does not have to search for. */
const WORDS: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'the path has a loop of symbolic links',
  EMFILE: 'too many files are open',
  EBUSY: 'the file is busy',
  EIO: 'an input/output error (a failing disk or network drive?)',
};

/** A file system failure in a few words; `otherwise` for an error without a code we know (the code is kept beside it). */
export function describeFileFailure(error: unknown, otherwise: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return otherwise;
  return WORDS[code] ?? `${otherwise} (${code})`;
}

/** Why a file could not be read, in a few words (never an errno alone where words exist). */
export function describeReadFailure(error: unknown): string {
  return describeFileFailure(error, 'it cannot be read');
}
