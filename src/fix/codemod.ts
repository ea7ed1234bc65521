/**
 * fix/codemod: the contract of a codemod. A codemod is one file under `codemods/<lang>/`
 * exporting a `Codemod`, registered in `codemods/index.ts`, with fixtures beside it.
 *
 * How the engine uses one (src/fix/engine.ts):
 *  1. routing: a finding goes to every codemod whose `rules[tool]` lists the finding's rule
 *     (tool names are normalised: "CodeQL" -> codeql, "Semgrep OSS" -> semgrep, ...);
 *  2. location: the engine runs `match` (an ast-grep rule) over the file and keeps the one
 *     node whose range fits the finding's region (exact, +-1 column, whole line, a
 *     sub-expression of the node, or the node inside the region). None or several -> unfixed;
 *  3. transform: `fix` (a template using the match's metavariables) or `transform` (a
 *     function returning edits or `{ unfixed: reason }`). Imports, helpers and package
 *     actions are *requested* through the context and added once per file by the engine,
 *     only if the finding's edits are kept.
 * A codemod never edits outside what it returns, never writes files and never throws for a
 * guard: it returns (or throws) `Unfixable` with a one-line reason a reviewer understands.
 */
import type { Rule, SgNode } from '@ast-grep/napi';
import type { Finding } from '../sarif/finding.js';

export type LanguageId = 'javascript' | 'typescript' | 'tsx' | 'python' | 'java';

/** Normalised scanner names; anything else is 'other'. */
export type ToolKey = 'codeql' | 'semgrep' | 'eslint' | 'bandit' | 'sonar' | 'other';

export type ReviewGuidance = 'merge-without-review' | 'merge-after-cursory-review' | 'merge-after-review';

/** Scanner rule ids this codemod answers, per tool. Semgrep ids also match with a path prefix. */
export type RuleMap = Partial<Record<ToolKey, readonly string[]>>;

export interface Reference {
  url: string;
  description?: string;
}

/**
 * One text replacement in a file. Offsets are UTF-16 code-unit indexes into the file's text
 * (what `SgNode.range().start.index` reports and what SARIF columns count by default).
 * An insertion has start === end.
 */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * A request for an import. JavaScript/TypeScript: `{ module: 'node:crypto', name: 'randomInt' }`
 * (named) or `{ module: 'node:path', namespace: 'path' }` (whole module). Python:
 * `{ module: 'secrets' }` (import secrets) or `{ module: 'defusedxml.ElementTree', name: 'parse' }`.
 * Java: `{ module: 'java.security', name: 'SecureRandom' }`.
 * `ensureImport` returns the expression to use in code ("randomInt", "crypto.randomInt",
 * "secrets", "SecureRandom"), reusing an import the file already has.
 */
export interface ImportSpec {
  module: string;
  /** Named export to import. */
  name?: string;
  /** Preferred local name for a namespace/module import (JS `import * as x` / `const x = require()`). */
  namespace?: string;
  /** Other module specifiers that provide the same thing ('crypto' for 'node:crypto'). */
  aliases?: readonly string[];
}

/**
 * A helper function added once per file. `code` per language family; the engine places it
 * (JS/TS: end of file, functions are hoisted; Python: after the imports) unless the file
 * already defines a function of that name.
 */
export interface HelperSpec {
  name: string;
  /**
   * Self-contained (uses no import or other helper of the file): when several files of one
   * project may need it in a run, trust writes it once in a shared module (`trust-helpers.js`/
   * `.ts` beside their sources) and imports it in each; otherwise it is added to the file.
   * Optional, default false (always added to the file). Declare it in `Codemod.helpers` too:
   * the module is planned from that before any file is fixed.
   */
  shared?: boolean;
  javascript?: string;
  typescript?: string;
  python?: string;
  java?: string;
}

/**
 * A dependency the fix needs. The engine never edits manifests: it reports the action
 * (CodeTF `packageActions`, result "skipped") and the summary tells the user to add it.
 */
export interface PackageAction {
  action: 'add' | 'remove';
  /** A package URL, e.g. "pkg:pypi/defusedxml" or "pkg:npm/escape-html". */
  package: string;
  reason: string;
}

/** What a codemod returns when a guard fails: the finding stays unfixed with this reason. */
export interface Unfixed {
  unfixed: string;
  /**
   * The code is already in this codemod's fixed form (an earlier run's fix). When one of its
   * `stillReported` rules reported it, the finding is mitigated rather than unfixed.
   */
  alreadyFixed?: boolean;
}

/** Thrown (by a codemod or by `ensureImport`) to leave the finding unfixed with a reason. */
export class Unfixable extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.name = 'Unfixable';
    this.reason = reason;
  }
}

export interface TransformContext {
  /** The node `match` found at the finding's location. */
  node: SgNode;
  /** The file's root node. */
  root: SgNode;
  /** The whole file text. */
  source: string;
  /** Repository-relative POSIX path. */
  path: string;
  language: LanguageId;
  finding: Finding;
  /** The finding's region as offsets into `source` (after placing it; whole lines when no columns). */
  region: { start: number; end: number };
  /** An edit replacing `node`'s text. */
  replace(node: SgNode, text: string): Edit;
  /** Source text of a metavariable from `match` ($X or $$$ARGS), or undefined. */
  capture(name: string): string | undefined;
  /** Ask for an import (added once, only if this fix is kept); returns the expression to use. */
  ensureImport(spec: ImportSpec): string;
  /** Ask for a helper function (added once, only if this fix is kept); returns its name. */
  ensureHelper(helper: HelperSpec): string;
  /** Report a dependency the fix needs (never written to manifests). */
  addPackage(action: PackageAction): void;
}

export type TransformResult = Edit[] | Unfixed;

/** What `explainUnmatched` sees: the file and the finding's place, with no node matched there. */
export type UnmatchedContext = Pick<
  TransformContext,
  'root' | 'source' | 'path' | 'language' | 'finding' | 'region'
>;

export type Transform = (ctx: TransformContext) => TransformResult;

interface CodemodBase {
  /** "trust:<lang>/<name>", e.g. "trust:js/secure-random". */
  id: string;
  title: string;
  /** Markdown a reviewer reads in the PR: what changed, why it is safe, what to check. */
  description: string;
  cwe: readonly number[];
  languages: readonly LanguageId[];
  rules: RuleMap;
  /**
   * Rules (a subset of `rules`) that report where a value is used and name the code to fix in
   * `relatedLocations` (CodeQL js/insecure-randomness: the sink, with the Math.random() source
   * related, possibly in another file). Their findings are fixed at that related location
   * (fix/site.ts); without one, at the primary location.
   */
  relatedSite?: RuleMap;
  reviewGuidance: ReviewGuidance;
  references: readonly Reference[];
  /** ast-grep rule locating the nodes this codemod edits (pattern, kind, has/inside...). */
  match: Rule;
  /**
   * Scanner rules that still report the fixed code at the same place, because they match a
   * shape the fix keeps (any non-literal argument) rather than the danger it removes. Such a
   * finding is not "fixed": the engine records it as mitigated with `why` (a triage decision in
   * the audit log) and, with fix.suppressions, writes the scanner's own suppression comment
   * (fix/suppress.ts). Declare only what was checked against the real scanner.
   */
  stillReported?: { rules: RuleMap; why: string };
  /**
   * Optional: when `match` finds nothing at the finding's place, say what is there instead
   * ("a read of o[k], not a write"), so the unfixed reason is true; undefined keeps the
   * engine's generic one. Never edits.
   */
  explainUnmatched?: (ctx: UnmatchedContext) => string | undefined;
  /** Optional: the shared helpers (HelperSpec.shared) `transform` may ask for (helpers-module.ts plans with it). */
  helpers?: readonly HelperSpec[];
  /**
   * Optional: triage from the code (src/triage/code-verdicts.ts). For a finding whose rule id
   * `ruleId` matches, `verdict` gets the `match` node at the finding's place and returns the
   * decision the codemod would leave it with, or undefined where it fixes it: one judgement,
   * so `trust triage` and `trust fix` never disagree.
   */
  triage?: { ruleId: RegExp; verdict: (site: VerdictSite) => CodeVerdict | undefined };
}

/** What a codemod's triage hook sees: the located node, its file, the finding's span. */
export interface VerdictSite {
  node: SgNode;
  root: SgNode;
  source: string;
  path: string;
  region: { start: number; end: number };
}

/** A codemod's triage decision for a place it leaves alone, with the rule that decided. */
export interface CodeVerdict {
  decision: 'false_positive' | 'needs_review';
  reason: string;
  rule: string;
}

/**
 * The codemod catalogue as the composition root hands it to the engine: the codemods, and the
 * URL of the module exporting them as `CODEMODS` (worker threads import it themselves), so no
 * engine module imports codemods/.
 */
export interface Catalogue {
  codemods: readonly Codemod[];
  url: string;
}

/** A codemod whose fix is a template: `$X` / `$$$ARGS` are replaced by the match's captures. */
export interface TemplateCodemod extends CodemodBase {
  fix: string;
  /** Optional guard: return a reason to leave the finding unfixed. */
  guard?: (ctx: TransformContext) => string | undefined;
  transform?: never;
}

export interface TransformCodemod extends CodemodBase {
  transform: Transform;
  fix?: never;
  guard?: never;
}

export type Codemod = TemplateCodemod | TransformCodemod;

/** Identity helper so codemod files get type checking and completion. */
export function defineCodemod<T extends Codemod>(codemod: T): T {
  return codemod;
}

export function isUnfixed(result: TransformResult): result is Unfixed {
  return !Array.isArray(result);
}
