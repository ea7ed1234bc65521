/**
 * core/cleanup: what to undo when the process ends before a command's own `finally` runs
 * (cli/main.ts ends it early when a reader closes stdout), such as removing temporary
 * folders. Synchronous, because it runs right before the exit. Imports nothing.
 */
const pending = new Set<() => void>();

/** Register `undo`; call the returned function once the command has cleaned up itself. */
export function onEarlyExit(undo: () => void): () => void {
  pending.add(undo);
  return () => {
    pending.delete(undo);
  };
}

/** Run every registered undo once; one that fails does not stop the others. */
export function runEarlyExitCleanups(): void {
  for (const undo of [...pending]) {
    pending.delete(undo);
    try {
      undo();
    } catch {
      // Best effort on the way out: nothing is left to report to.
    }
  }
}
