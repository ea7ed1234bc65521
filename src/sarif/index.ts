/**
 * sarif: SARIF 2.1.0 in, normalized findings out. The entry point for every capability
 * (findings, triage, fix, LLM): `loadFindings(files, { root })` then `filterFindings`.
 *
 *   reader.ts       bytes -> run / result events, file-level errors (InputError)
 *   validate.ts     the parts of a result we rely on, problems named by JSON pointer
 *   rules.ts        result -> rule (ruleId, rule.id, ruleIndex, tool.extensions)
 *   uri.ts          artifactLocation -> repository-relative path (core/paths for safety)
 *   normalize.ts    result -> Finding (message.ts, taxonomy.ts)
 *   fingerprint.ts  stable ids;  dedupe.ts  one finding per problem;  filter.ts  selection
 *
 * May import core/ only. Never reads a file outside the repository root.
 */
import { InputError } from '../core/errors.js';
import { Deduplicator } from './dedupe.js';
import type { Finding } from './finding.js';
import { Fingerprinter } from './fingerprint.js';
import { isNonFinding, normalizeResult, type RunState } from './normalize.js';
import { readSarif } from './reader.js';
import { RuleTable } from './rules.js';
import { PathResolver, parseSourceRoot, type RunPaths } from './uri.js';
import { checkResult, snakeCaseKeyOfRun, snakeCaseReason } from './validate.js';

export { type FindingFilter, filterFindings } from './filter.js';
export type { Finding } from './finding.js';

export interface IngestWarning {
  code: 'malformed-result' | 'suffix-match' | 'out-of-tree';
  file: string;
  /** JSON pointer inside the file, when the warning is about one place. */
  pointer?: string;
  message: string;
}

export interface IngestStats {
  files: number;
  runs: number;
  /** Result objects read. */
  results: number;
  /** Findings after de-duplication. */
  findings: number;
  /** Malformed results skipped. */
  skipped: number;
  /** Results of kind pass / notApplicable (not findings). */
  notFindings: number;
  /** Results merged into an earlier finding. */
  duplicates: number;
  suppressed: number;
  outOfTree: number;
}

export interface IngestResult {
  findings: Finding[];
  warnings: IngestWarning[];
  stats: IngestStats;
}

export interface LoadOptions {
  /** Absolute repository root. */
  root: string;
  /** --source-root values: "prefix" or "prefix=subdir". */
  sourceRoots?: string[];
  /** A malformed result fails the whole ingest (InputError) instead of being skipped. */
  strict?: boolean;
  onWarning?: (warning: IngestWarning) => void;
  /** Told before each file is read (progress for long ingests). */
  onFile?: (file: string, index: number, count: number) => void;
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

export async function loadFindings(files: string[], options: LoadOptions): Promise<IngestResult> {
  const warnings: IngestWarning[] = [];
  const warn = (w: IngestWarning) => {
    warnings.push(w);
    options.onWarning?.(w);
  };
  const stats: IngestStats = {
    files: 0,
    runs: 0,
    results: 0,
    findings: 0,
    skipped: 0,
    notFindings: 0,
    duplicates: 0,
    suppressed: 0,
    outOfTree: 0,
  };
  let currentFile = '';
  const resolver = new PathResolver({
    root: options.root,
    sourceRoots: (options.sourceRoots ?? []).map(parseSourceRoot),
    onSuffixMatch: (prefix, example, path) =>
      warn({
        code: 'suffix-match',
        file: currentFile,
        message: `absolute paths under ${prefix} are not in this checkout; re-rooted by suffix (e.g. ${example} -> ${path}); pass --source-root ${prefix.replace(/\/$/, '')} to say so`,
      }),
  });
  const fingerprinter = new Fingerprinter(options.root);
  const dedupe = new Deduplicator();

  for (const file of files) {
    options.onFile?.(file, stats.files, files.length);
    currentFile = file;
    stats.files++;
    let run: RunState | undefined;
    let kept = 0;
    let firstProblem: string | undefined;
    let fileResults = 0;
    // Held until the file is done: if nothing in it is usable, the one fatal line says it all.
    const malformed: IngestWarning[] = [];
    for (const event of readSarif(file)) {
      if (event.type === 'run') {
        stats.runs++;
        run = startRun(file, event.runIndex, event.run);
        continue;
      }
      if (event.type === 'runEnd' || !run) continue;
      stats.results++;
      fileResults++;
      const pointer = `/runs/${event.runIndex}/results/${event.resultIndex}`;
      const result = event.result;
      if (typeof result === 'object' && result !== null && isNonFinding(result as Json)) {
        stats.notFindings++;
        kept++;
        continue;
      }
      const problem = checkResult(result, pointer);
      if (problem) {
        if (options.strict) throw new InputError(`${file}: ${problem} (--strict)`);
        stats.skipped++;
        firstProblem ??= problem.toString();
        malformed.push({
          code: 'malformed-result',
          file,
          pointer: problem.pointer,
          message: `skipped a malformed result: ${problem}`,
        });
        continue;
      }
      const partial = normalizeResult(result as Json, event.resultIndex, run, resolver);
      const { id, basis } = fingerprinter.compute(partial);
      kept++;
      dedupe.add({ id, ...partial, fingerprintBasis: basis });
    }
    if (fileResults > 0 && kept === 0 && firstProblem) {
      throw new InputError(`${file}: no usable result, every one is malformed (first: ${firstProblem})`);
    }
    for (const w of malformed.slice(0, MALFORMED_WARNINGS)) warn(w);
    if (malformed.length > MALFORMED_WARNINGS) {
      warn({
        code: 'malformed-result',
        file,
        message: `${malformed.length - MALFORMED_WARNINGS} more malformed results skipped`,
      });
    }
  }

  stats.duplicates = dedupe.merged;
  stats.findings = dedupe.findings.length;
  const outOfTreeByFile = new Map<string, Finding[]>();
  for (const f of dedupe.findings) {
    if (f.suppressed) stats.suppressed++;
    if (f.location.status !== 'out-of-tree') continue;
    stats.outOfTree++;
    const file = f.sources[0]?.file ?? '';
    const list = outOfTreeByFile.get(file);
    if (list) list.push(f);
    else outOfTreeByFile.set(file, [f]);
  }
  for (const [file, list] of outOfTreeByFile) warnOutOfTree(file, list, warn);
  return { findings: dedupe.findings, warnings, stats };
}

function startRun(file: string, runIndex: number, run: Json): RunState {
  const snake = snakeCaseKeyOfRun(run);
  if (snake) throw new InputError(`${file}: ${snakeCaseReason(snake)} at /runs/${runIndex}`);
  const driver = obj(obj(run.tool).driver);
  const name = typeof driver.name === 'string' && driver.name !== '' ? driver.name : 'unknown-tool';
  const version =
    typeof driver.version === 'string'
      ? driver.version
      : typeof driver.semanticVersion === 'string'
        ? driver.semanticVersion
        : undefined;
  return {
    file,
    runIndex,
    tool: version ? { name, version } : { name },
    rules: new RuleTable(run),
    paths: run as RunPaths,
    globalStrings: obj(driver.globalMessageStrings) as RunState['globalStrings'],
    ...(run.columnKind === 'unicodeCodePoints' ? { codePointColumns: true } : {}),
  };
}

const OUT_OF_TREE_EXAMPLES = 3;
const MALFORMED_WARNINGS = 20;

/** One warning per out-of-tree location, up to a few per file, then a count. */
function warnOutOfTree(file: string, list: Finding[], warn: (w: IngestWarning) => void): void {
  for (const f of list.slice(0, OUT_OF_TREE_EXAMPLES)) {
    warn({
      code: 'out-of-tree',
      file,
      message: `${f.location.uri ?? '(no uri)'} is out of tree (never read): ${f.location.note ?? ''}`,
    });
  }
  if (list.length > OUT_OF_TREE_EXAMPLES) {
    warn({
      code: 'out-of-tree',
      file,
      message: `${list.length - OUT_OF_TREE_EXAMPLES} more out-of-tree locations in this file (see --json, location.status)`,
    });
  }
}
