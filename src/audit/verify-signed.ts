/**
 * The verifier's fast pass over the part of the log that signed checkpoints cover: per entry
 * only the leaf hash (computed from the body, compared with the stored one) folded into the
 * compact range, and at each checkpoint size the root compared with every signed checkpoint
 * of that size. No JSON parse, no canonical form, no schema.
 *
 * Why that is enough to call those entries verified: a checkpoint whose signature a trusted key
 * made commits, through SHA-256, to the exact bytes and order of entries [0, size). Equal roots
 * mean the bodies are byte for byte the ones the key holder's log held when it signed, so
 * every edit an attacker can make to them afterwards (modify, delete, insert, reorder,
 * truncate, roll back) changes a root and is caught. What a root does not prove is that
 * those signed bytes were canonical and schema-valid in the first place: the appender checks
 * that before it writes (audit-log.ts), and the pass over the entries after the newest
 * checkpoint checks it before they are signed next time, but a log that was edited (with
 * recomputed hashes) before it was signed would carry its bad entries under a good root.
 * `trust log verify --deep` checks every entry in full for that case.
 *
 * Any disagreement stops the pass at the last checkpoint that agreed, and the caller re-reads
 * from there with every check, so failures are named exactly as a full pass names them.
 *
 * The entries are cut into aligned blocks of 2^12 (verify-block.ts). A large log's blocks are
 * folded by worker threads, one per core beside the main thread, which folds blocks too and
 * splices the results in order; a small one, or one read from the TypeScript sources (no
 * built worker script), is folded on the main thread alone, with the same code.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { CompactRange } from './merkle.js';
import type { LogStore } from './store.js';
import {
  BLOCK_LEVEL,
  type Block,
  type BlockResult,
  claimNext,
  foldBlock,
  type WorkerInput,
  type WorkerReply,
} from './verify-block.js';

const WORKER_SCRIPT = new URL('./verify-worker.js', import.meta.url);
/** Below this many blocks, starting threads costs more than it saves. */
const MIN_BLOCKS_FOR_WORKERS = 4;
const MAX_WORKERS = 7;
/** A worker silent this long (dead, or starved) has its block folded here instead. */
const PATIENCE_MS = 10_000;

/**
 * The compact range at the largest size in `sizes` (ascending checkpoint sizes) up to which
 * every row was sound and `agrees` said yes at every checkpoint size on the way.
 */
export function foldSignedPrefix(
  store: LogStore,
  sizes: readonly number[],
  agrees: (size: number, root: Buffer) => boolean,
): { range: CompactRange; threads: number } {
  const blocks = planBlocks(sizes.filter((s) => s > 0));
  const results = new BlockResults(store, blocks);
  const threads = 1 + results.workerCount;
  try {
    return { range: foldBlocks(blocks, results, new Set(sizes), agrees), threads };
  } finally {
    results.close();
  }
}

function foldBlocks(
  blocks: readonly Block[],
  results: BlockResults,
  targets: ReadonlySet<number>,
  agrees: (size: number, root: Buffer) => boolean,
): CompactRange {
  const base = new CompactRange();
  let verified = base.clone();
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const result = results.get(i);
    if (!result) return verified;
    for (let k = 0; k < block.reports.length; k++) {
      const size = block.reports[k]!;
      if (!targets.has(size)) continue;
      const at = base.clone();
      spliceLocal(at, result[k]!, size - block.start);
      if (!agrees(size, at.root())) return verified;
      verified = at;
    }
    if (block.end - block.start === 2 ** BLOCK_LEVEL) base.appendSubtree(result.at(-1)![0]!, BLOCK_LEVEL);
  }
  return verified;
}

/** Aligned blocks up to the largest size, each reporting at the sizes inside it and its end. */
function planBlocks(sizes: readonly number[]): Block[] {
  const last = sizes.at(-1) ?? 0;
  const width = 2 ** BLOCK_LEVEL;
  const blocks: Block[] = [];
  let next = 0;
  for (let start = 0; start < last; start += width) {
    const end = Math.min(start + width, last);
    const reports: number[] = [];
    while (next < sizes.length && sizes[next]! < end) reports.push(sizes[next++]!);
    reports.push(end);
    if (sizes[next] === end) next++;
    blocks.push({ start, end, reports });
  }
  return blocks;
}

/** Append the local subtrees of a block prefix of `count` leaves (one per set bit, largest first). */
function spliceLocal(range: CompactRange, subtrees: readonly Buffer[], count: number): void {
  let k = 0;
  for (let level = BLOCK_LEVEL; level >= 0; level--) {
    if (Math.floor(count / 2 ** level) % 2 === 1) range.appendSubtree(subtrees[k++]!, level);
  }
}

/** Block results in order, from workers where there are any, else folded here. */
class BlockResults {
  private readonly done = new Map<number, BlockResult>();
  private readonly claims: Int32Array;
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];

  constructor(
    private readonly store: LogStore,
    private readonly blocks: Block[],
  ) {
    this.claims = new Int32Array(new SharedArrayBuffer(4 * (2 + blocks.length)));
    const count = Math.min(MAX_WORKERS, availableParallelism() - 1, blocks.length - 1);
    if (blocks.length < MIN_BLOCKS_FOR_WORKERS || count < 1) return;
    if (!existsSync(fileURLToPath(WORKER_SCRIPT))) return;
    for (let i = 0; i < count; i++) {
      const { port1, port2 } = new MessageChannel();
      const workerData: WorkerInput = {
        path: store.path,
        blocks,
        claims: this.claims.buffer as SharedArrayBuffer,
        port: port2,
      };
      const worker = new Worker(WORKER_SCRIPT, { workerData, transferList: [port2] });
      worker.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  get(index: number): BlockResult {
    let waited = 0;
    while (!this.done.has(index)) {
      this.drain();
      if (this.done.has(index)) break;
      // Ours to fold when no worker has claimed it; else keep busy with another free block.
      if (Atomics.compareExchange(this.claims, 2 + index, 0, 1) === 0) {
        this.fold(index);
        continue;
      }
      const other = claimNext(this.claims, this.blocks.length);
      if (other !== undefined) {
        this.fold(other);
        continue;
      }
      const seen = Atomics.load(this.claims, 0);
      this.drain();
      if (this.done.has(index)) break;
      const started = Date.now();
      if (Atomics.wait(this.claims, 0, seen, PATIENCE_MS - waited) === 'timed-out') this.fold(index);
      waited += Date.now() - started;
    }
    return this.done.get(index);
  }

  get workerCount(): number {
    return this.workers.length;
  }

  close(): void {
    for (const port of this.ports) port.close();
    for (const worker of this.workers) void worker.terminate();
  }

  private fold(index: number): void {
    this.done.set(index, foldBlock(this.store, this.blocks[index]!));
  }

  private drain(): void {
    for (const port of this.ports) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const { index, result } = m.message as WorkerReply;
        if (this.done.has(index)) continue;
        // Buffers arrive as plain Uint8Arrays.
        this.done.set(
          index,
          result?.map((hashes) => hashes.map((h) => Buffer.from(h.buffer, h.byteOffset, h.length))),
        );
      }
    }
  }
}
