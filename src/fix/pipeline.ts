/**
 * fix/pipeline: fix a set of findings across the repository. Groups findings by file, runs
 * the codemod engine per file, offers what is left to the injected `Fixer`s (the LLM fixer),
 * stages each codemod's change after the previous one (CodeTF changesets are cumulative),
 * and writes the files unless it is a dry run. Only in-tree paths are ever read or written.
 */
import { writeFile } from 'node:fs';
import { resolve } from 'node:path';
import { isFileInRoot, type Placement, placeInRoot, readPlaced } from '../core/paths.js';
import type { Finding } from '../sarif/finding.js';
import type { Codemod, Edit, LanguageId, PackageAction } from './codemod.js';
import { unifiedDiff } from './diff.js';
import { applyEdits, invalidEdits } from './edits.js';
import { type FileFixResult, type FindingOutcome, fixFileAsync } from './engine.js';
import type { Fixer, FixerFix } from './fixer.js';
import { firstSyntaxError, languageOf, parseSource } from './languages.js';
import { InputPrefetch, type ParsedInput } from './prefetch.js';
import { routeFinding } from './route.js';

/** One codemod's (or fixer's) cumulative change to one file. */
export interface Stage {
  codemod: string;
  path: string;
  before: string;
  after: string;
  diff: string;
  findings: Finding[];
  /** Lines (1-based, in the original file) of each fixed finding. */
  lines: number[];
  packageActions: PackageAction[];
  /** From a Fixer: its description, model and quality. */
  fixer?: FixerFix;
}

export interface ChangedFile {
  path: string;
  before: string;
  after: string;
  diff: string;
  stages: Stage[];
}

export interface FixRun {
  outcomes: FindingOutcome[];
  files: ChangedFile[];
  /** Files whose whole change was dropped (result would not parse), with the reason. */
  dropped: { path: string; reason: string }[];
  written: boolean;
}

export interface FixRunOptions {
  root: string;
  findings: readonly Finding[];
  codemods: readonly Codemod[];
  /** Asked, in order, about findings no codemod fixed. */
  fixers?: readonly Fixer[];
  /** Write the fixed files (false: dry run). */
  write: boolean;
  /** Compute unified diffs (for --dry-run, CodeTF, JSON); default true. */
  diffs?: boolean;
}

export async function runFixes(options: FixRunOptions): Promise<FixRun> {
  const run: FixRun = { outcomes: [], files: [], dropped: [], written: options.write };
  const byFile = new Map<string, Finding[]>();
  for (const finding of options.findings) {
    const loc = finding.location;
    if (!loc.path || (loc.status !== 'in-tree' && loc.status !== 'suffix-match')) {
      const reason = `the location is ${loc.status}${loc.note ? ` (${loc.note})` : ''}; trust only edits files inside the repository`;
      run.outcomes.push({ finding, path: loc.path ?? loc.uri ?? '', status: 'unfixed', reason });
      continue;
    }
    byFile.set(loc.path, [...(byFile.get(loc.path) ?? []), finding]);
  }
  // Files are parsed and syntax-checked ahead on native threads (prefetch.ts); a few are in
  // flight here, so while one file's fragments are re-parsed (and it is written) the main
  // thread plans the next. Results are merged back in path order.
  const entries = [...byFile]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, findings]) => {
      const language = languageOf(path);
      const placed = language ? placeInRoot(options.root, path) : undefined;
      return { path, findings, language, placed };
    });
  const prefetchable = entries.flatMap((e, i) => {
    const language = e.language;
    // Regular files only (the native side would walk a directory; readPlaced refuses the rest).
    if (!language || !e.placed?.inside || !isFileInRoot(options.root, e.placed.path)) return [];
    const codemods = [...new Set(e.findings.flatMap((f) => routeFinding(options.codemods, f, language)))];
    return [{ i, file: resolve(options.root, e.placed.path), language, codemods }];
  });
  const prefetch = new InputPrefetch(prefetchable);
  const slot = new Map(prefetchable.map((p, k) => [p.i, k]));
  const done: FileOutcome[] = new Array(entries.length);
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const i = next++;
      const k = slot.get(i);
      done[i] = await fixOne(entries[i]!, k === undefined ? undefined : prefetch.get(k), options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, entries.length) }, worker));
  for (const d of done) {
    run.outcomes.push(...d.outcomes);
    if (d.file) run.files.push(d.file);
    if (d.dropped) run.dropped.push(d.dropped);
  }
  return run;
}

const IN_FLIGHT = 4;

interface FileOutcome {
  outcomes: FindingOutcome[];
  file?: ChangedFile;
  dropped?: { path: string; reason: string };
}

interface Entry {
  path: string;
  findings: Finding[];
  language: LanguageId | undefined;
  placed: Placement | undefined;
}

async function fixOne(
  entry: Entry,
  prefetched: Promise<ParsedInput | undefined> | undefined,
  options: FixRunOptions,
): Promise<FileOutcome> {
  const { path, findings, language, placed } = entry;
  const unfixed = (reason: string): FileOutcome => ({
    outcomes: findings.map((finding) => ({ finding, path, status: 'unfixed', reason })),
  });
  if (!language || !placed) return unfixed('trust has no codemods for this kind of file');
  if (!placed.inside) return unfixed(placed.reason);
  const source = readPlaced(options.root, placed.path);
  if (source === undefined) return unfixed('the file does not exist in the working tree');

  // The prefetched parse is used only if it parsed exactly the text read here.
  let parsed = await prefetched;
  if (parsed && parsed.root.text() !== source) parsed = undefined;
  const input = { path, language, source, findings, codemods: options.codemods };
  const result = await fixFileAsync(input, parsed);
  const out: FileOutcome = { outcomes: [] };
  if (result.dropped) out.dropped = { path, reason: result.dropped };
  const diffs = options.diffs !== false;
  const stages = diffs ? stageCodemods(result) : [];
  let current = result.after;
  for (const outcome of result.outcomes) {
    const fixed =
      outcome.status === 'unfixed' && options.fixers?.length
        ? await tryFixers(outcome, current, language, options.fixers)
        : undefined;
    if (!fixed) {
      out.outcomes.push(outcome);
      continue;
    }
    const { fixer, fix, after } = fixed;
    stages.push({
      codemod: fixer.id,
      path,
      before: current,
      after,
      diff: diffs ? unifiedDiff(path, current, after) : '',
      findings: [outcome.finding],
      lines: [outcome.finding.location.region?.startLine ?? 0],
      packageActions: fix.packageActions ?? [],
      fixer: fix,
    });
    out.outcomes.push({ ...outcome, status: 'fixed', codemod: fixer.id, reason: undefined });
    current = after;
  }
  if (current === source) return out;
  out.file = {
    path,
    before: source,
    after: current,
    diff: diffs ? unifiedDiff(path, source, current) : '',
    stages,
  };
  if (options.write) await writeText(resolve(options.root, placed.path), current);
  return out;
}

// fs.writeFile with a callback: the write runs on the thread pool, with fewer main-thread
// steps than fs/promises (no FileHandle).
function writeText(path: string, text: string): Promise<void> {
  return new Promise((done, fail) =>
    writeFile(path, text, 'utf8', (error) => (error ? fail(error) : done())),
  );
}

/** Split the engine's one change into cumulative per-codemod stages, in catalogue order. */
function stageCodemods(result: FileFixResult): Stage[] {
  if (result.after === result.before) return [];
  const order = [...new Set(result.fixes.map((f) => f.codemod))];
  const stages: Stage[] = [];
  const done = new Set<string>();
  let previous = result.before;
  for (const id of order) {
    done.add(id);
    const edits: Edit[] = [];
    const seen = new Set<string>();
    for (const fix of result.fixes) {
      if (!done.has(fix.codemod)) continue;
      for (const e of fix.edits) {
        const key = `${e.start}:${e.end}:${e.text}`;
        if (!seen.has(key)) edits.push(e);
        seen.add(key);
      }
    }
    const after = applyEdits(result.before, [...edits, ...result.additions.edits(done)]);
    const mine = result.fixes.filter((f) => f.codemod === id);
    stages.push({
      codemod: id,
      path: result.path,
      before: previous,
      after,
      diff: unifiedDiff(result.path, previous, after),
      findings: mine.map((f) => f.finding),
      lines: mine.map((f) => f.finding.location.region?.startLine ?? 0),
      packageActions: mine.flatMap((f) => f.packageActions),
    });
    previous = after;
  }
  return stages;
}

async function tryFixers(
  outcome: FindingOutcome,
  source: string,
  language: LanguageId,
  fixers: readonly Fixer[],
): Promise<{ fixer: Fixer; fix: FixerFix; after: string } | undefined> {
  for (const fixer of fixers) {
    if (!fixer.accepts(outcome.finding)) continue;
    const answer = await fixer.fix({
      finding: outcome.finding,
      path: outcome.path,
      language,
      source,
      codemodReason: outcome.reason ?? 'no codemod',
    });
    if ('unfixed' in answer) {
      outcome.reason = `${outcome.reason}; ${fixer.id}: ${answer.unfixed}`;
      continue;
    }
    const bad = invalidEdits(answer.edits, source.length);
    if (bad) {
      outcome.reason = `${outcome.reason}; ${fixer.id}: ${bad}`;
      continue;
    }
    const after = applyEdits(source, answer.edits);
    const broken = firstSyntaxError(parseSource(language, after).root());
    if (broken) {
      outcome.reason = `${outcome.reason}; ${fixer.id}: its fix would not parse (line ${broken.line})`;
      continue;
    }
    return { fixer, fix: answer, after };
  }
  return undefined;
}
