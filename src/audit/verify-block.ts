/**
 * One block of the verifier's fast pass (verify-signed.ts), run on the main thread or on a
 * worker (verify-worker.ts): the leaves [start, end) of an aligned block, each leaf hash
 * computed from the body and compared with the stored one, folded into a compact range local
 * to the block. Because `start` is a multiple of the block width, the local range's subtrees
 * are subtrees of the whole tree too, so the caller can splice them into its own range.
 */
import type { MessagePort } from 'node:worker_threads';
import { CompactRange, HASH_SIZE, sha256 } from './merkle.js';
import type { LogStore } from './store.js';

/** log2 of the leaves per block: 4096 entries (about 2 MB of bodies), tens of ms each. */
export const BLOCK_LEVEL = 12;

export interface Block {
  start: number;
  end: number;
  /** Sizes in (start, end] at which the caller needs the range, ascending. */
  reports: number[];
}

/** Per report size, the local range's subtree roots (largest first); undefined: not sound. */
export type BlockResult = Buffer[][] | undefined;

/** Rows per read: large enough to amortise the query, small enough to keep memory flat. */
const CHUNK = 512;

export function foldBlock(store: LogStore, block: Block): BlockResult {
  const range = new CompactRange();
  const out: Buffer[][] = [];
  let at = block.start;
  for (const report of block.reports) {
    while (at < report) {
      const to = Math.min(report, at + CHUNK);
      const inputs = store.leafInputs(at, to);
      // A gap, the end of the log, an odd row or an odd file: the full pass says which.
      if (!inputs || inputs.length !== to - at) return undefined;
      for (const input of inputs) {
        const end = input.length - HASH_SIZE;
        const leaf = sha256(input.subarray(0, end));
        if (leaf.compare(input, end) !== 0) return undefined;
        range.append(leaf);
      }
      at = to;
    }
    out.push(range.subtrees());
  }
  return out;
}

/** What the main thread hands a worker (verify-worker.ts). */
export interface WorkerInput {
  path: string;
  blocks: Block[];
  /** [0] wake-up counter, [1] next block to try, [2 + i] claim of block i (0 free, 1 taken). */
  claims: SharedArrayBuffer;
  port: MessagePort;
}

export interface WorkerReply {
  index: number;
  result: BlockResult;
}

/** Claim the next free block in the table, or undefined when none is left. */
export function claimNext(claims: Int32Array, count: number): number | undefined {
  for (;;) {
    const i = Atomics.add(claims, 1, 1);
    if (i >= count) return undefined;
    if (Atomics.compareExchange(claims, 2 + i, 0, 1) === 0) return i;
  }
}
