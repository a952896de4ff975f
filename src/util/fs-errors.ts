// A file that cannot be read or written, in words a user acts on: "not found", "permission
// denied", "a part of the path is not a folder", never a bare errno code.

const WORDS: Record<string, string> = {
  ENOENT: 'not found',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EROFS: 'the filesystem is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  EIO: 'an input/output error',
  EBUSY: 'it is busy',
};

/** Why a filesystem call failed, in words (the code itself when there are none for it). */
export function fsProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return (code && WORDS[code]) ?? (code ? `error ${code}` : 'an error');
}

/** "<path> not found" or "<path> cannot be read (permission denied)". */
export function cannotRead(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' ? `${path} not found` : `${path} cannot be read (${fsProblem(err)})`;
}
