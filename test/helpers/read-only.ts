/**
 * test/helpers/read-only: make a file or folder genuinely unwritable, also for root (tests run
 * as root in CI, where chmod stops nothing): `chattr +i` (immutable; needs ext4/xfs/btrfs and
 * CAP_LINUX_IMMUTABLE), else, for a user that is not root, chmod. `READ_ONLY_UNSUPPORTED` says
 * why neither works here (probed once), or is undefined when one does.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Make `path` unwritable; returns the undo (call it before removing the folder), or undefined. */
export function makeReadOnly(path: string): (() => void) | undefined {
  const chattr = spawnSync('chattr', ['+i', path], { encoding: 'utf8' });
  if (chattr.status === 0) return () => void spawnSync('chattr', ['-i', path]);
  if (process.getuid?.() === 0) return undefined;
  const mode = statSync(path).mode & 0o7777;
  chmodSync(path, statSync(path).isDirectory() ? 0o555 : 0o444);
  return () => chmodSync(path, mode);
}

function probe(): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'trust-ro-probe-'));
  try {
    const undo = makeReadOnly(dir);
    if (!undo) return 'chattr +i is not supported here (file system or capability) and the tests run as root';
    try {
      writeFileSync(join(dir, 'x'), 'x');
      return 'neither chattr +i nor chmod makes a folder read-only here';
    } catch {
      return undefined;
    } finally {
      undo();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** undefined when read-only paths can be made here; otherwise the reason tests skip. */
export const READ_ONLY_UNSUPPORTED = probe();
