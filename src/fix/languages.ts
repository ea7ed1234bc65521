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

export function napiLang(language: LanguageId): Lang {
  switch (language) {
    case 'javascript':
      return Lang.JavaScript;
    case 'typescript':
      return Lang.TypeScript;
    case 'tsx':
      return Lang.Tsx;
    default:
      ensureRegistered();
      // A registered dynamic language is named by its id.
      return language as Lang;
  }
}

export function parseSource(language: LanguageId, source: string): SgRoot {
  return parse(napiLang(language), source);
}

// tree-sitter marks syntax errors with ERROR nodes and inserts zero-width MISSING tokens;
// valid code in these grammars has no zero-width nodes, so an empty-text node is a MISSING one.
export const SYNTAX_RULES = [{ kind: 'ERROR' }, { regex: '^$' }];
const ERROR_RULE: NapiConfig = { rule: { any: SYNTAX_RULES } };

/** The first syntax error of a parsed file (1-based line), or undefined when it parses cleanly. */
export function firstSyntaxError(root: SgNode): { line: number; column: number } | undefined {
  const rootRange = root.range();
  const empty = rootRange.start.index === rootRange.end.index;
  const glued = gluedPythonStatement(root);
  if (glued) return glued;
  for (const node of root.findAll(ERROR_RULE)) {
    const r = node.range();
    // An empty file's root is zero-width too, and is no MISSING token.
    if (empty && r.start.index === r.end.index && node.kind() !== 'ERROR') continue;
    return { line: r.start.line + 1, column: r.start.column + 1 };
  }
  return undefined;
}

/**
 * tree-sitter-python accepts two top-level statements on one line with no `;` between them
 * after a triple-quoted string (`"""doc"""x`), by a newline token it inserts and hides:
 * no node shows it. Python rejects that; so does this check.
 */
export function gluedPythonStatement(root: SgNode): { line: number; column: number } | undefined {
  if (root.kind() !== 'module') return undefined;
  const kids = root.children();
  if (kids.length < 2) return undefined;
  const text = root.text();
  const base = root.range().start.index;
  let prevEnd = -1;
  for (const kid of kids) {
    const r = kid.range();
    if (prevEnd >= 0 && kid.kind() !== 'comment') {
      const between = text.slice(prevEnd - base, r.start.index - base);
      if (!between.includes('\n') && !between.includes(';')) {
        return { line: r.start.line + 1, column: r.start.column + 1 };
      }
    }
    if (kid.kind() !== 'comment') prevEnd = r.end.index;
  }
  return undefined;
}

/** Parse on libuv's thread pool, so the main thread can prepare the next file meanwhile. */
export function parseSourceAsync(language: LanguageId, source: string): Promise<SgRoot> {
  return parseAsync(napiLang(language), source);
}

/**
 * The check of a fixed file whose input parsed cleanly (no ERROR node, no MISSING token near a
 * fix): any ERROR node or MISSING token now must come from an edit, and in the new tree a
 * construct an edit left open swallows the text after it, so the damage lies in a top-level
 * statement that contains (or touches) an edit. Only those statements are searched.
 */
export function syntaxErrorAfterEdits(
  root: SgNode,
  edited: readonly { start: number; end: number }[],
): { line: number; column: number } | undefined {
  const tops = root.children();
  const spans = new Map<number, { start: number; end: number }>();
  const span = (i: number) => {
    let hit = spans.get(i);
    if (!hit) {
      const r = tops[i]!.range();
      hit = { start: r.start.index, end: r.end.index };
      spans.set(i, hit);
    }
    return hit;
  };
  const checked = new Set<number>();
  for (const e of edited) {
    let lo = 0;
    let hi = tops.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (span(mid).end < e.start - 1) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < tops.length && span(i).start <= e.end + 1; i++) {
      if (checked.has(i)) continue;
      checked.add(i);
      const missing = span(i).start === span(i).end ? tops[i] : tops[i]!.find(ERROR_RULE);
      if (missing) return { line: missing.range().start.line + 1, column: missing.range().start.column + 1 };
    }
  }
  return undefined;
}
