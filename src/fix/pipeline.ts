/**
 * fix/pipeline: fix a set of findings across the repository. Groups findings by file, runs
 * the codemod engine per file (on the fix pool's worker threads for a large run, pool.ts, or
 * on this thread), offers what is left to the injected `Fixer`s (the LLM fixer), stages each
 * codemod's change after the previous one (CodeTF changesets are cumulative), and writes the
 * files unless it is a dry run. Only in-tree paths are ever read or written. Each write sits
 * between the caller's hooks (write.ts: the fix command opens the audit log before the first
 * write and records each file right after it); the first failure stops the run, and runFixes
 * rejects with it (a one-line InputError for a read-only file or a full disk).
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { isFileInRoot, placeInRoot, readPlaced } from '../core/paths.js';
import type { Finding } from '../sarif/finding.js';
import type { Catalogue, Codemod, LanguageId } from './codemod.js';
import { type FindingOutcome, fixFileAsync } from './engine.js';
import {
  type ChangedFile,
  type Entry,
  type FileOutcome,
  finish,
  placedPath,
  type Running,
} from './finish-file.js';
import type { Fixer } from './fixer.js';
import { planFromRouting, renderModule } from './helpers-module.js';
import { languageOf } from './languages.js';
import { toPass } from './pass.js';
import { fixPool } from './pool.js';
import { InputPrefetch, type ParsedInput } from './prefetch.js';
import { routeFinding } from './route.js';
import { restoreOriginals, siteFinding } from './site.js';
import { guarded, writeChanged } from './write.js';

export type { ChangedFile } from './finish-file.js';

export type { Stage } from './pass.js';

export interface FixRun {
  outcomes: FindingOutcome[];
  files: ChangedFile[];
  /** Files whose whole change was dropped (result would not parse), with the reason. */
  dropped: { path: string; reason: string }[];
  written: boolean;
  /** Worker threads the codemods ran on (0: this thread). */
  workers: number;
}

export interface FixRunOptions {
  root: string;
  findings: readonly Finding[];
  codemods: readonly Codemod[];
  /** The catalogue fix pool workers load (by URL); without it, or with other codemods, no pool. */
  catalogue?: Catalogue;
  /** Asked, in order, about findings no codemod fixed. */
  fixers?: readonly Fixer[];
  /** Write the fixed files (false: dry run). */
  write: boolean;
  /** Compute unified diffs (for --dry-run, CodeTF, JSON); default true. */
  diffs?: boolean;
  /** Write the scanner's suppression comment where a fix is still reported (fix.suppressions). */
  suppress?: boolean;
  /**
   * Files fixed in parallel on worker threads (default: the number of CPUs, at most
   * MAX_DEFAULT_JOBS); 1 fixes on this thread. A small run stays on this thread regardless.
   */
  jobs?: number;
  /** Before each write; throwing stops the run with this file unwritten. */
  beforeWrite?: (file: ChangedFile) => void;
  /** Right after a file is written. */
  onWritten?: (file: ChangedFile) => void;
}

const MAX_DEFAULT_JOBS = 8;
/** A worker costs a module load (~0.1-0.3 s): each one must have at least this many files. */
const FILES_PER_WORKER = 50;
/** Files per message to a worker. */
const POOL_BATCH = 8;
/** Files per worker at the end of a run sent one per batch (two full batches' worth). */
const PER_WORKER_TAIL = 2 * POOL_BATCH;

export async function runFixes(fixOptions: FixRunOptions): Promise<FixRun> {
  const options: Running = { ...fixOptions };
  const run: FixRun = { outcomes: [], files: [], dropped: [], written: options.write, workers: 0 };
  const byFile = new Map<string, Finding[]>();
  // Findings fixed at a related location (site.ts): the copy fixed -> the caller's finding.
  const originals = new Map<Finding, Finding>();
  for (const original of options.findings) {
    const site = siteFinding(original, options.codemods);
    if (site && 'unfixed' in site) {
      const path = original.location.path ?? original.location.uri ?? '';
      run.outcomes.push({ finding: original, path, status: 'unfixed', reason: site.unfixed });
      continue;
    }
    const finding = site ? site.sited : original;
    if (site) originals.set(finding, original);
    const loc = finding.location;
    if (!loc.path || (loc.status !== 'in-tree' && loc.status !== 'suffix-match')) {
      const reason = `the location is ${loc.status}${loc.note ? ` (${loc.note})` : ''}; trust only edits files inside the repository`;
      run.outcomes.push({ finding, path: loc.path ?? loc.uri ?? '', status: 'unfixed', reason });
      continue;
    }
    const list = byFile.get(loc.path);
    if (list) list.push(finding);
    else byFile.set(loc.path, [finding]);
  }
  const entries = [...byFile]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, findings]) => {
      const language = languageOf(path);
      const placed = language ? placeInRoot(options.root, path) : undefined;
      return { path, findings, language, placed };
    });
  // Regular files in the tree with a language: the ones worth parsing ahead or sending to a
  // worker (the rest are reported unfixed; a directory would make the native side walk it).
  const readable = entries.flatMap((e, i) =>
    e.language && e.placed?.inside && isFileInRoot(options.root, e.placed.path) ? [i] : [],
  );
  options.helpers = planFromRouting(
    readable.map((i) => entries[i]!),
    options.codemods,
    options.root,
  );
  const done: FileOutcome[] = new Array(entries.length);
  run.workers = await fixOnPool(entries, readable, options, done);
  // What the pool did not take (all of it when there is no pool) is fixed on this thread.
  const todo = entries.flatMap((_, i) => (done[i] ? [] : [i]));
  await fixHere(entries, todo, new Set(readable), options, done);
  const modules = await writeHelpersModules(entries, options, done);
  for (const d of [...done, ...modules]) {
    run.outcomes.push(...d.outcomes);
    if (d.file) run.files.push(d.file);
    if (d.dropped) run.dropped.push(d.dropped);
  }
  restoreOriginals(run, originals);
  if (options.failure !== undefined) throw options.failure;
  return run;
}

/**
 * Fix the `readable` entries on the worker pool, when the run is large enough and uses only
 * catalogue codemods (a worker loads the catalogue itself). The number of workers, or 0 when
 * it did not.
 */
async function fixOnPool(
  entries: readonly Entry[],
  readable: readonly number[],
  options: Running,
  done: FileOutcome[],
): Promise<number> {
  const jobs = options.jobs ?? Math.min(availableParallelism(), MAX_DEFAULT_JOBS);
  const size = Math.min(jobs, Math.floor(readable.length / FILES_PER_WORKER));
  if (size < 2) return 0;
  const catalogue = options.catalogue;
  if (!catalogue || !options.codemods.every((c) => catalogue.codemods.find((k) => k.id === c.id) === c))
    return 0;
  const pool = fixPool(size);
  if (!pool) return 0;
  const codemods = options.codemods.map((c) => c.id);
  const diffs = options.diffs !== false;
  const batches: number[][] = [];
  // The last files go one per batch: with full batches to the end, one worker would sit idle
  // while another finished its batch and the one queued behind it.
  const tail = readable.length - size * PER_WORKER_TAIL;
  for (let k = 0; k < readable.length; ) {
    const n = k < tail ? POOL_BATCH : 1;
    batches.push(readable.slice(k, k + n));
    k += n;
  }
  await Promise.all(
    batches.map(async (batch) => {
      const files = batch.map((i) => {
        const e = entries[i]!;
        const provided = options.helpers?.provided.get(e.path);
        return {
          path: e.path,
          placed: placedPath(e),
          language: e.language!,
          findings: e.findings,
          ...(provided ? { providedHelpers: [...provided] } : {}),
        };
      });
      const passes = await pool
        .run({
          root: options.root,
          catalogue: catalogue.url,
          codemods,
          diffs,
          suppress: !!options.suppress,
          files,
        })
        .catch(() => undefined);
      // A worker that died (out of memory, say) loses no file: its batch is fixed here instead.
      if (!passes) {
        for (const i of batch)
          done[i] = await guarded(options, () => fixOne(entries[i]!, undefined, options), STOPPED);
        return;
      }
      await Promise.all(
        batch.map(async (i, k) => {
          const pass = passes[k];
          done[i] = pass
            ? await guarded(options, () => finish(entries[i]!, pass, options), STOPPED)
            : missing(entries[i]!);
        }),
      );
    }),
  );
  return size;
}

/**
 * Fix entries on this thread. Files are parsed and syntax-checked ahead on native threads
 * (prefetch.ts); a few are in flight here, so while one file's fragments are re-parsed (and it
 * is written) the main thread plans the next.
 */
async function fixHere(
  entries: readonly Entry[],
  todo: readonly number[],
  prefetchable: ReadonlySet<number>,
  options: Running,
  done: FileOutcome[],
): Promise<void> {
  const ahead = todo.filter((i) => prefetchable.has(i));
  const prefetch = new InputPrefetch(
    ahead.map((i) => {
      const e = entries[i]!;
      const language = e.language!;
      const codemods = [...new Set(e.findings.flatMap((f) => routeFinding(options.codemods, f, language)))];
      return { file: resolve(options.root, placedPath(e)), language, codemods };
    }),
  );
  const slot = new Map(ahead.map((i, k) => [i, k]));
  let next = 0;
  const worker = async () => {
    while (next < todo.length && options.failure === undefined) {
      const i = todo[next++]!;
      const k = slot.get(i);
      const prefetched = k === undefined ? undefined : prefetch.get(k);
      done[i] = await guarded(options, () => fixOne(entries[i]!, prefetched, options), STOPPED);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, todo.length) }, worker));
}

const IN_FLIGHT = 4;

/** A file the run stopped on: its outcomes do not matter, runFixes rejects. */
const STOPPED: FileOutcome = { outcomes: [] };

function unfixedAll(entry: Entry, reason: string): FileOutcome {
  return {
    outcomes: entry.findings.map((finding) => ({ finding, path: entry.path, status: 'unfixed', reason })),
  };
}

function missing(entry: Entry): FileOutcome {
  return unfixedAll(entry, 'the file does not exist in the working tree');
}

async function fixOne(
  entry: Entry,
  prefetched: Promise<ParsedInput | undefined> | undefined,
  options: Running,
): Promise<FileOutcome> {
  const { path, findings, language, placed } = entry;
  if (!language || !placed) return unfixedAll(entry, 'trust has no codemods for this kind of file');
  if (!placed.inside) return unfixedAll(entry, placed.reason);
  const source = readPlaced(options.root, placed.path);
  if (source === undefined) return missing(entry);

  // The prefetched parse is used only if it parsed exactly the text read here.
  let parsed = await prefetched;
  if (parsed && parsed.root.text() !== source) parsed = undefined;
  const providedHelpers = options.helpers?.provided.get(path);
  const input = {
    path,
    language,
    source,
    findings,
    codemods: options.codemods,
    suppress: !!options.suppress,
    providedHelpers,
  };
  return finish(entry, toPass(await fixFileAsync(input, parsed), options.diffs !== false), options);
}

/** After every file: each planned module with the helpers its files imported, written like a fixed file. */
async function writeHelpersModules(
  entries: readonly Entry[],
  options: Running,
  done: FileOutcome[],
): Promise<FileOutcome[]> {
  if (!options.helpers?.modules.length || options.failure !== undefined) return [];
  const used = new Map<string, string[]>();
  const sources = new Map<string, { source: string; language: LanguageId }>();
  entries.forEach((e, i) => {
    const d = done[i];
    if (d?.file && d.used) {
      used.set(e.path, d.used);
      sources.set(e.path, { source: d.file.before, language: e.language! });
    }
  });
  const out: FileOutcome[] = [];
  for (const m of options.helpers.modules) {
    const file = renderModule(m, used, sources, options.diffs !== false);
    const placed = placeInRoot(options.root, m.path);
    if (!file || !placed.inside) continue;
    if (options.write) await writeChanged(file, placed.path, options);
    out.push({ outcomes: [], file });
  }
  return out;
}
