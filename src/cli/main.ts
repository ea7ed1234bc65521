/**
 * cli/main: the process entry and the ONLY place that calls process.exit.
 */
import { runEarlyExitCleanups } from '../core/cleanup.js';
import { isClosedPipe, reportError, runCli } from './run.js';

/**
 * Wait until what was written has left the process: an empty write's callback runs once the
 * writes queued before it are flushed. (Waiting for 'drain' only covers a queue past the high
 * water mark; a smaller one was lost at exit when the pipe was busy, e.g. with worker threads.)
 */
async function flush(): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.writableLength > 0) await new Promise((r) => stream.write('', r));
  }
}

/** The command's exit code once it has returned (a closed pipe after that keeps it). */
let finished: number | undefined;

// A reader that has seen enough (`trust findings x.sarif | head -1`) closes the pipe: the
// next write fails with EPIPE. That ends the command quietly, exit 0 as for a reader who
// read it all, after undoing what a `finally` would have (the demo's temporary folders, the
// log's WAL). Any other failure of the stream itself leaves nothing to report to: exit 70.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: unknown) => {
    runEarlyExitCleanups();
    process.exit(isClosedPipe(error) ? (finished ?? 0) : 70);
  });
}

finished = await runCli(process.argv, process.env).catch((error: unknown) =>
  reportError(error, { verbose: true, json: false }),
);
await flush();
process.exit(finished);
