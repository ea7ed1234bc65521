/**
 * fix/write: how a run writes its fixed files. Each write sits between the caller's hooks
 * (pipeline.ts FixRunOptions: the fix command opens the audit log before the first write and
 * records each file right after it); the first failure — a write the file system refused, a
 * hook, a fixer's provider giving up, a bug — is kept as the run's failure, which stops further
 * fixer calls and writes, and runFixes rejects with it once in-flight work has settled.
 */
import { writeFile } from 'node:fs';
import { resolve } from 'node:path';
import { writeError } from '../core/files.js';
import type { ChangedFile, FixRunOptions } from './pipeline.js';

/** The options of a run in progress, with the first failure that stops it. */
export interface Running extends FixRunOptions {
  failure?: unknown;
}

/**
 * One file's work (`stopped` when it failed); a failure is kept as the run's instead of rejecting at once, so no file is
 * written after the caller has stopped listening (and closed the log).
 */
export async function guarded<T>(options: Running, work: () => Promise<T>, stopped: T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    options.failure ??= error;
    return stopped;
  }
}

/** Write one fixed file (`rel`, placed in the root) between the hooks. */
export async function writeChanged(file: ChangedFile, rel: string, options: Running): Promise<void> {
  if (options.failure !== undefined) return;
  try {
    options.beforeWrite?.(file);
    await writeText(resolve(options.root, rel), file.after);
  } catch (error) {
    options.failure ??= writeError('the fixed file', rel, error);
    return;
  }
  try {
    options.onWritten?.(file);
  } catch (error) {
    options.failure ??= error;
  }
}

// fs.writeFile with a callback: the write runs on the thread pool, with fewer main-thread
// steps than fs/promises (no FileHandle).
function writeText(path: string, text: string): Promise<void> {
  return new Promise((done, fail) =>
    writeFile(path, text, 'utf8', (error) => (error ? fail(error) : done())),
  );
}
