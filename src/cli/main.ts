/**
 * cli/main: the process entry and the ONLY place that calls process.exit.
 */
import { reportError, runCli } from './run.js';

async function flush(): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.writableNeedDrain) await new Promise((r) => stream.once('drain', r));
  }
}

const code = await runCli(process.argv, process.env).catch((error: unknown) => reportError(error, true));
await flush();
process.exit(code);
