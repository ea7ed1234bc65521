/**
 * `trust log export`: the entries as JSON Lines, each line exactly the stored canonical bytes
 * (so anyone can recompute leaf hashes), filtered like `log show`; to stdout or --output.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { assertWritable } from '../../core/files.js';
import { type CommandHandler, stringOption } from '../context.js';
import { inRoot, openLog } from './log-common.js';
import { logFilter } from './log-show.js';

const NEWLINE = Buffer.from('\n');

const exportLog: CommandHandler = async (ctx) => {
  const filter = logFilter(ctx);
  const output = stringOption(ctx, 'output');
  if (output) assertWritable('the export', inRoot(ctx, output));
  const log = openLog(ctx, false);
  const stream = output ? createWriteStream(inRoot(ctx, output)) : process.stdout;
  let count = 0;
  try {
    for (const e of log.entries(filter)) {
      // Canonical JSON never contains a raw newline, so one entry is one line.
      if (!stream.write(Buffer.concat([e.bytes, NEWLINE]))) await once(stream, 'drain');
      count++;
    }
  } finally {
    log.close();
    if (output) {
      stream.end();
      await finished(stream);
    }
  }
  if (output) ctx.out.info(`Exported ${count} entries to ${output}`);
  return 0;
};

export default exportLog;
