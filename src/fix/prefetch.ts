/**
 * fix/prefetch: parse the input files ahead of the fixer, on ast-grep's native threads.
 *
 * `findInFiles` reads, parses and runs a rule over several files at once in Rust, off the
 * JavaScript thread, compiling the rule once per call. Its rule here matches each file's root
 * node (which hands the parsed tree back), every ERROR node or MISSING token (the input syntax
 * check), and the nodes each routed codemod's `match` finds, each tagged with a metavariable
 * naming the codemod (`$TRUSTTAG3`). So the parse, the whole-file check and the candidate
 * search run there while the main thread transforms the previous files. A file the native
 * side could not read, or whose text is not the text the pipeline read, gets no result: the
 * caller parses that one itself.
 */
import { findInFiles, type NapiConfig, type SgNode } from '@ast-grep/napi';
import type { Codemod, LanguageId } from './codemod.js';
import { gluedPythonStatement, napiLang, SYNTAX_RULES } from './languages.js';
import type { SyntaxProblem } from './validate.js';

export interface ParsedInput {
  root: SgNode;
  /** The input's first syntax error, or undefined when it parses cleanly. */
  syntax: SyntaxProblem | undefined;
  /** Nodes each codemod's `match` found (the first codemod whose rule matched a node tags it). */
  candidates: Map<string, SgNode[]>;
}

export interface PrefetchItem {
  /** Absolute path of the file. */
  file: string;
  language: LanguageId;
  /** The codemods its findings route to. */
  codemods: readonly Codemod[];
}

const ROOT_KIND: Record<LanguageId, string> = {
  javascript: 'program',
  typescript: 'program',
  tsx: 'program',
  java: 'program',
  python: 'module',
};

/** The batch rule: roots, syntax errors, and each codemod's matches tagged `$TRUSTTAG<k>`. */
function batchRule(language: LanguageId, codemods: readonly Codemod[]): NapiConfig {
  const tagged = codemods.map((c, k) => ({ all: [c.match, { pattern: `$TRUSTTAG${k}` }] }));
  return { rule: { any: [{ kind: ROOT_KIND[language] }, ...SYNTAX_RULES, ...tagged] } };
}

/**
 * Parses `items` in batches of `batch` files, keeping `ahead` batches in flight beyond the
 * one being consumed. `get(i)` resolves to item i's parse (or undefined).
 */
export class InputPrefetch {
  private readonly results: (Promise<ParsedInput | undefined> | undefined)[] = [];
  private started = 0;

  constructor(
    private readonly items: readonly PrefetchItem[],
    private readonly batch = 16,
    private readonly ahead = 2,
  ) {}

  /** Item i's parse; each is handed out once and then let go (a tree is big; a run has thousands). */
  get(i: number): Promise<ParsedInput | undefined> {
    while (this.started < this.items.length && this.started <= i + this.batch * this.ahead) this.startBatch();
    const result = this.results[i] ?? Promise.resolve(undefined);
    this.results[i] = undefined;
    return result;
  }

  private startBatch(): void {
    const from = this.started;
    // A small first batch, so the main thread can start while the next ones are parsed.
    const to = Math.min(this.items.length, from + (from === 0 ? Math.min(4, this.batch) : this.batch));
    this.started = to;
    const pending = new Map<string, (value: ParsedInput | undefined) => void>();
    const byLanguage = new Map<LanguageId, PrefetchItem[]>();
    for (let i = from; i < to; i++) {
      const item = this.items[i]!;
      this.results[i] = new Promise((resolve) => pending.set(item.file, resolve));
      byLanguage.set(item.language, [...(byLanguage.get(item.language) ?? []), item]);
    }
    for (const [language, items] of byLanguage) {
      const paths = items.map((item) => item.file);
      const codemods = [...new Set(items.flatMap((item) => item.codemods))];
      const rootKind = ROOT_KIND[language];
      findInFiles(napiLang(language), { paths, matcher: batchRule(language, codemods) }, (error, nodes) => {
        if (error || nodes.length === 0) return;
        const sgRoot = nodes[0]!.getRoot();
        const resolve = pending.get(sgRoot.filename());
        if (!resolve) return;
        pending.delete(sgRoot.filename());
        resolve(toParsed(sgRoot.root(), nodes, rootKind, codemods));
      })
        .catch(() => undefined)
        // Results arrive through the callback; whatever has none by the end is parsed by the caller.
        .then(() => new Promise((r) => setImmediate(r)))
        .then(() => {
          for (const path of paths) pending.get(path)?.(undefined);
        });
    }
  }
}

function toParsed(
  root: SgNode,
  nodes: SgNode[],
  rootKind: string,
  codemods: readonly Codemod[],
): ParsedInput {
  const rootRange = root.range();
  let first: SyntaxProblem | undefined = gluedPythonStatement(root);
  let firstIndex = first ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  const candidates = new Map<string, SgNode[]>(codemods.map((c) => [c.id, []]));
  for (const node of nodes) {
    const tag = codemods.findIndex((_, k) => node.getMatch(`TRUSTTAG${k}`) !== null);
    if (tag >= 0) {
      candidates.get(codemods[tag]!.id)!.push(node);
      continue;
    }
    const r = node.range();
    // The root itself, matched to hand the tree back (an empty file's root is zero-width too).
    const isRoot = r.start.index === rootRange.start.index && r.end.index === rootRange.end.index;
    if (isRoot && String(node.kind()) === rootKind) continue;
    if (r.start.index < firstIndex) {
      firstIndex = r.start.index;
      first = { line: r.start.line + 1, column: r.start.column + 1 };
    }
  }
  return { root, syntax: first, candidates };
}
