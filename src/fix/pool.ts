/**
 * fix/pool: fix files on worker threads, one per core, so a large run is not bound by one
 * JavaScript thread. Each worker (pool-worker.ts) loads the codemod catalogue once and runs the
 * synchronous codemod pass (pass.ts: read, parse, locate, transform, prove the result parses)
 * on batches of files; the main thread only hands out batches and finishes each file (fixers,
 * writes). Findings travel by value; outcomes come back naming their finding by index, so the
 * caller gets its own Finding objects back.
 *
 * The workers run the built JavaScript (dist/src/fix/pool-worker.js). When that file is not
 * there (the sources run under a TypeScript loader, as in the unit tests) there is no pool and
 * the pipeline fixes on the main thread. Idle workers do not keep the process alive.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Finding } from '../sarif/finding.js';
import type { FindingOutcome } from './engine.js';
import type { CodemodPass, PassFile, Stage } from './pass.js';

export interface PoolRequest {
  root: string;
  /** URL of the catalogue module (exports CODEMODS), which the worker imports. */
  catalogue: string;
  /** Codemod ids, resolved against the catalogue in the worker. */
  codemods: string[];
  diffs: boolean;
  /** Write suppression comments for mitigated findings (fix.suppressions). */
  suppress?: boolean;
  files: PassFile[];
}

/** A pass on the wire: findings replaced by their index in the file's findings. */
export interface WirePass extends Omit<CodemodPass, 'outcomes' | 'stages'> {
  outcomes: (Omit<FindingOutcome, 'finding'> & { finding: number })[];
  stages: (Omit<Stage, 'findings'> & { findings: number[] })[];
}

export type PoolReply = { id: number; passes: (WirePass | null)[] } | { id: number; error: string };

/** In the worker: a pass with each finding replaced by its index. */
export function encodePass(pass: CodemodPass, findings: readonly Finding[]): WirePass {
  const index = new Map(findings.map((f, i) => [f, i]));
  const at = (f: Finding) => {
    const i = index.get(f);
    if (i === undefined) throw new Error('a pass names a finding it was not given');
    return i;
  };
  return {
    ...pass,
    outcomes: pass.outcomes.map((o) => ({ ...o, finding: at(o.finding) })),
    stages: pass.stages.map((s) => ({ ...s, findings: s.findings.map(at) })),
  };
}

/** In the caller: the pass with the caller's own findings. */
export function decodePass(wire: WirePass, findings: readonly Finding[]): CodemodPass {
  return {
    ...wire,
    outcomes: wire.outcomes.map((o) => ({ ...o, finding: findings[o.finding]! })),
    stages: wire.stages.map((s) => ({ ...s, findings: s.findings.map((i) => findings[i]!) })),
  };
}

interface Job {
  id: number;
  request: PoolRequest;
  resolve: (passes: (CodemodPass | undefined)[]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
  /** Files handed to this worker so far. */
  files: number;
  /** Takes no new batches; terminated once its last one is back. */
  retiring: boolean;
}

/** Batches a worker holds at once: one being fixed, one waiting, so it never idles on the main thread. */
const PER_WORKER = 2;

/**
 * Files a worker fixes before a fresh one takes its place. A worker slows down as it ages
 * (bench/codemods: a pool's second 2,000 files took a fifth longer than its first, on the same
 * files; a fresh pool did not), so, as test runners and pre-fork servers do, it is retired
 * and replaced: start-up (one module load) costs far less than the slowdown it resets.
 */
export const FILES_PER_WORKER = 1000;

export class FixPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  /** Workers started over the pool's life (replacements of retired ones included). */
  spawned = 0;

  constructor(
    readonly size: number,
    private readonly script: URL,
    private readonly filesPerWorker = FILES_PER_WORKER,
  ) {}

  /** Fix a batch of files; one pass per file (undefined: not a regular file in the tree). */
  run(request: PoolRequest): Promise<(CodemodPass | undefined)[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, resolve, reject });
      this.pump();
    });
  }

  /** Stop the workers; queued and running batches fail. */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    const closed = new Error('the fix pool was closed');
    for (const job of [...this.queue.splice(0), ...slots.flatMap((s) => [...s.jobs.values()])])
      job.reject(closed);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.freeSlot();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.jobs.set(job.id, job);
      slot.files += job.request.files.length;
      // With batches still queued its replacement starts at once (freeSlot no longer counts it),
      // loading its modules while this one finishes the batches it holds.
      if (slot.files >= this.filesPerWorker) slot.retiring = true;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, request: job.request });
    }
  }

  private freeSlot(): Slot | undefined {
    const live = this.slots.filter((s) => !s.retiring);
    const idle = live.reduce<Slot | undefined>(
      (best, s) => (s.jobs.size < PER_WORKER && (!best || s.jobs.size < best.jobs.size) ? s : best),
      undefined,
    );
    // A new worker only when every existing one is busy (start-up costs a module load).
    if (idle && (idle.jobs.size === 0 || live.length >= this.size)) return idle;
    if (live.length < this.size) return this.spawn();
    return idle;
  }

  /** Take a slot out of the pool; false when it was already out (retired, or failed before). */
  private drop(slot: Slot): boolean {
    const at = this.slots.indexOf(slot);
    if (at < 0) return false;
    this.slots.splice(at, 1);
    return true;
  }

  private spawn(): Slot {
    const worker = new Worker(this.script);
    this.spawned++;
    const slot: Slot = { worker, jobs: new Map(), files: 0, retiring: false };
    worker.on('message', (reply: PoolReply) => {
      const job = slot.jobs.get(reply.id);
      if (!job) return;
      slot.jobs.delete(reply.id);
      if (slot.jobs.size === 0) worker.unref();
      // Its 'exit' then finds it out of the pool already and fails nothing.
      if (slot.retiring && slot.jobs.size === 0 && this.drop(slot)) void worker.terminate();
      if ('error' in reply) job.reject(new Error(reply.error));
      else
        job.resolve(
          reply.passes.map((p, k) => (p ? decodePass(p, job.request.files[k]!.findings) : undefined)),
        );
      this.pump();
    });
    const fail = (error: Error) => {
      if (!this.drop(slot)) return;
      for (const job of slot.jobs.values()) job.reject(error);
      slot.jobs.clear();
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a fix worker stopped (exit code ${code})`)));
    this.slots.push(slot);
    return slot;
  }
}

const WORKER_SCRIPT = new URL('./pool-worker.js', import.meta.url);
let shared: FixPool | undefined;

/**
 * The process's pool of `size` workers (re-made when the size changes), or undefined when the
 * worker script is not built (running from the TypeScript sources).
 */
export function fixPool(size: number): FixPool | undefined {
  if (!existsSync(fileURLToPath(WORKER_SCRIPT))) return undefined;
  if (shared?.size === size) return shared;
  void shared?.close();
  shared = new FixPool(size, WORKER_SCRIPT);
  return shared;
}

/** Stop the shared pool's workers (tests; a CLI run just exits). */
export async function closeFixPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
