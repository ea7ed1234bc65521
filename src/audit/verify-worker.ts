/**
 * A worker thread of the verifier's fast pass: claims blocks from the shared claim table
 * (verify-signed.ts owns the protocol), folds each on its own read-only connection and posts
 * the result, then wakes the main thread. Any error is posted as an unsound block, which
 * sends the main thread to its full pass, where the same problem is named.
 */
import { workerData } from 'node:worker_threads';
import { LogStore } from './store.js';
import {
  type BlockResult,
  claimNext,
  foldBlock,
  type WorkerInput,
  type WorkerReply,
} from './verify-block.js';

function run({ path, blocks, claims, port }: WorkerInput): void {
  const table = new Int32Array(claims);
  let store: LogStore | undefined;
  try {
    store = new LogStore(path, { create: false, readonly: true });
    for (let i = claimNext(table, blocks.length); i !== undefined; i = claimNext(table, blocks.length)) {
      let result: BlockResult;
      try {
        result = foldBlock(store, blocks[i]!);
      } catch {
        result = undefined;
      }
      port.postMessage({ index: i, result } satisfies WorkerReply);
      Atomics.add(table, 0, 1);
      Atomics.notify(table, 0);
    }
  } catch {
    // Could not open the file: the main thread folds the blocks this worker never claims.
  } finally {
    store?.close();
    port.close();
  }
}

if (workerData) run(workerData as WorkerInput);
