/**
 * core/files: file-system failures a user can do something about (a read-only tree, a missing
 * folder, a full disk) in words, and the check that an output path can be written before
 * trust changes anything. Imports only core/errors.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from './errors.js';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such file or directory',
  EEXIST: 'a file is in the way',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
};

/** A failed file-system call's reason in words with its code, or undefined when it is not one of these. */
export function fsReason(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const words = code ? REASONS[code] : undefined;
  return words ? `${words} (${code})` : undefined;
}

/** The one-line exit-2 error for a write of `what` at `path` that failed; anything else is rethrown as it is. */
export function writeError(what: string, path: string, error: unknown): Error {
  const reason = fsReason(error);
  if (!reason) return error instanceof Error ? error : new Error(String(error));
  return new InputError(`cannot write ${what} ${path}: ${reason}`, { cause: error });
}

/**
 * Why `path` could not be written, or undefined when it can: an existing regular file must be
 * writable; a new file needs a writable folder (which, with `parents`, may itself be created
 * under its nearest existing ancestor). Nothing is created.
 */
export function unwritableReason(path: string, options: { parents?: boolean } = {}): string | undefined {
  try {
    if (statSync(path).isDirectory()) return 'it is a directory (EISDIR)';
    accessSync(path, constants.W_OK);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return fsReason(error) ?? String(error);
  }
  let folder = dirname(path);
  for (;;) {
    try {
      if (!statSync(folder).isDirectory()) return `${folder} is not a directory (ENOTDIR)`;
      accessSync(folder, constants.W_OK | constants.X_OK);
      return undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') return `${folder}: ${fsReason(error) ?? String(error)}`;
      if (!options.parents) return `no such directory ${folder}`;
      const up = dirname(folder);
      if (up === folder) return `no such directory ${folder}`;
      folder = up;
    }
  }
}

/** Throw the one-line exit-2 error when `path` cannot be written (see unwritableReason). */
export function assertWritable(what: string, path: string, options: { parents?: boolean } = {}): void {
  const reason = unwritableReason(path, options);
  if (reason) throw new InputError(`cannot write ${what} ${path}: ${reason}`);
}
