/**
 * One parser for every language: ast-grep's built-in JavaScript/TypeScript/TSX grammars plus
 * the Python and Java grammars registered once here. Also the "does it still parse" check.
 */

import java from '@ast-grep/lang-java';
import python from '@ast-grep/lang-python';
import {
  Lang,
  type NapiConfig,
  parse,
  parseAsync,
  registerDynamicLanguage,
  type SgNode,
  type SgRoot,
} from '@ast-grep/napi';
import type { LanguageId } from './codemod.js';

let registered = false;

function ensureRegistered(): void {
  if (registered) return;
  registerDynamicLanguage({ python, java });
  registered = true;
}

const EXTENSIONS: Record<string, LanguageId> = {
  js: 'javascript',
  cjs: 'javascript',
  mjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
  py: 'python',
  java: 'java',
};

/** The language of a file by its extension, or undefined when trust cannot edit it. */
export function languageOf(path: string): LanguageId | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0) return undefined;
  return EXTENSIONS[path.slice(dot + 1).toLowerCase()];
}

/** The family a language's codemods, helpers and imports are written for. */
export function familyOf(language: LanguageId): 'javascript' | 'typescript' | 'python' | 'java' {
  if (language === 'tsx') return 'typescript';
  return language;
}

function napiLang(language: LanguageId): Lang | string {
  switch (language) {
    case 'javascript':
      return Lang.JavaScript;
    case 'typescript':
      return Lang.TypeScript;
    case 'tsx':
      return Lang.Tsx;
    default:
      ensureRegistered();
      return language;
  }
}

export function parseSource(language: LanguageId, source: string): SgRoot {
  return parse(napiLang(language) as Lang, source);
}

// tree-sitter marks syntax errors with ERROR nodes and inserts zero-width MISSING tokens;
// valid code in these grammars has no zero-width nodes, so an empty-text node is a MISSING one.
const ERROR_RULE: NapiConfig = { rule: { any: [{ kind: 'ERROR' }, { regex: '^$' }] } };
const ERROR_ONLY: NapiConfig = { rule: { kind: 'ERROR' } };

/**
 * The first syntax error of a parsed file (1-based line), or undefined when it parses cleanly.
 * `errorsOnly` skips the MISSING-token search (a third of a parse): enough for an input file,
 * whose hidden MISSING tokens would then be caught by the full check of the fixed result.
 */
export function firstSyntaxError(
  root: SgNode,
  errorsOnly = false,
): { line: number; column: number } | undefined {
  const rootRange = root.range();
  for (const node of root.findAll(errorsOnly ? ERROR_ONLY : ERROR_RULE)) {
    const r = node.range();
    if (r.start.index === rootRange.start.index && r.end.index === rootRange.end.index) continue;
    return { line: r.start.line + 1, column: r.start.column + 1 };
  }
  return undefined;
}

/** Parse on libuv's thread pool, so the main thread can prepare the next file meanwhile. */
export function parseSourceAsync(language: LanguageId, source: string): Promise<SgRoot> {
  return parseAsync(napiLang(language) as Lang, source);
}

const MISSING_RULE: NapiConfig = { rule: { regex: '^$' } };

/** A MISSING token (zero-width node) inside `node`'s subtree, as a 1-based position. */
export function missingTokenIn(node: SgNode): { line: number; column: number } | undefined {
  const hit = node.find(MISSING_RULE);
  if (!hit || hit.range().end.index !== hit.range().start.index) return undefined;
  const p = hit.range().start;
  return { line: p.line + 1, column: p.column + 1 };
}

const BROKEN_RULE: NapiConfig = { rule: { any: [{ kind: 'ERROR' }, { regex: '^$' }] } };

/**
 * The check of a fixed file whose input parsed cleanly: ERROR nodes and MISSING tokens can only
 * come from an edit, and in the new tree a construct an edit left open swallows the text after
 * it, so the damage lies in a top-level statement that contains an edit (or is itself a
 * top-level ERROR / zero-width node). Only those statements are searched.
 */
export function syntaxErrorAfterEdits(
  root: SgNode,
  edited: readonly { start: number; end: number }[],
): { line: number; column: number } | undefined {
  for (const top of root.children()) {
    const r = top.range();
    const at = { line: r.start.line + 1, column: r.start.column + 1 };
    if (r.start.index === r.end.index || top.kind() === 'ERROR') return at;
    if (!edited.some((e) => e.start <= r.end.index && e.end >= r.start.index)) continue;
    const hit = top.find(BROKEN_RULE);
    if (hit) return { line: hit.range().start.line + 1, column: hit.range().start.column + 1 };
  }
  return undefined;
}
