/**
 * core/trust-dir: the repository's `.trust/` folder. When trust creates it, it also writes
 * `.trust/.gitignore`, so that a plain `git add .` commits what belongs in the repository
 * (the verifier keys, the carried-forward checkpoint) and never the audit log database or
 * reports, which CI keeps as artifacts. An existing folder is left as its owner set it up.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from './errors.js';
import { fsReason } from './files.js';

export const TRUST_DIR = '.trust';

export const TRUST_GITIGNORE = `# Written by trust when it created this folder.
# Commit: verifier-key (trusted checkpoint keys) and checkpoint (the latest signed checkpoint).
# Keep as CI artifacts only, never commit: trust.db (the audit log), cache.db, reports.
*
!.gitignore
!verifier-key
!checkpoint
`;

/** mkdir -p the folder `file` goes in; a new `<root>/.trust` gets its .gitignore. */
export function prepareFolderOf(file: string, root: string): void {
  const folder = dirname(resolve(file));
  const trustDir = resolve(root, TRUST_DIR);
  const fresh = folder === trustDir && !existsSync(trustDir);
  try {
    mkdirSync(folder, { recursive: true });
    if (fresh) writeFileSync(join(trustDir, '.gitignore'), TRUST_GITIGNORE, { flag: 'wx' });
  } catch (error) {
    // A read-only tree, or a file where the folder should be: the user's to fix (exit 2).
    const reason = fsReason(error);
    if (reason) throw new InputError(`cannot create the folder ${folder}: ${reason}`, { cause: error });
    throw error;
  }
}
