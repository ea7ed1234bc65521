/**
 * A JavaScript/TypeScript file's code style, read from its own source, and code rewritten
 * into it. Everything trust writes into a JS/TS file (helpers, imports, a shared helpers
 * module) goes through here, so a project written in standard style (no semicolons,
 * `function name (args)`) or with double quotes gets code its own linter accepts.
 *
 * Code given to `toStyle` is written in the house style of the codemods: two-space indent,
 * single quotes, semicolons, no space before a function's parameter list, trailing commas
 * in multi-line lists.
 */
import type { SgNode } from '@ast-grep/napi';
import type { Edit, LanguageId } from './codemod.js';
import { applyEdits } from './edits.js';
import { indentUnit, reindent } from './imports/index.js';
import { parseSource } from './languages.js';

export interface CodeStyle {
  semicolons: boolean;
  quote: "'" | '"';
  /** One level of indentation: a tab or some spaces. */
  indent: string;
  /** Whether multi-line object/array literals end with a comma. */
  trailingCommas: boolean;
  /** `function name (args)` (standard style) rather than `function name(args)`. */
  spaceBeforeFunctionParen: boolean;
  /**
   * The file is written in ECMAScript 5 (`var`, no let/const, arrow, template, destructuring,
   * class, spread or generator anywhere): what trust writes into it must parse as ES5 too.
   */
  es5: boolean;
}

/** The house style (what the codemods write): also the answer when a file shows no preference. */
export const HOUSE_STYLE: CodeStyle = {
  semicolons: true,
  quote: "'",
  indent: '  ',
  trailingCommas: true,
  spaceBeforeFunctionParen: false,
  es5: false,
};

const STATEMENTS = [
  'expression_statement',
  'lexical_declaration',
  'variable_declaration',
  'return_statement',
  'import_statement',
  'throw_statement',
  'break_statement',
  'continue_statement',
].map((kind) => ({ kind }));

/**
 * The style of `source`; where the file shows no preference, the house style. Read from the
 * text line by line (a syntax walk over a whole file costs more than the fix it serves):
 * a statement line ends in `;` or in a word, `)`, `]` or a quote; comment lines, block ends
 * and lines continued by `,`/`{`/an operator say nothing.
 */
export function detectStyle(source: string): CodeStyle {
  let semi = 0;
  let bare = 0;
  let single = 0;
  let double = 0;
  let withComma = 0;
  let withoutComma = 0;
  let previous = '';
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('//') || line.startsWith('*') || line.startsWith('/*')) continue;
    if (/^for\s*\(/.test(line)) {
      previous = line;
      continue;
    }
    if (line.endsWith(';')) semi++;
    else if (
      /[\w$)\]'"`]$/.test(line) &&
      !/^(if|else|for|while|do|switch|case|default|try|catch|finally)\b/.test(line)
    )
      bare++;
    for (const m of line.matchAll(/(['"])(?:(?!\1)[^\\\n]|\\.)*\1/g)) {
      // A string quoted to hold the other quote ("it's") says nothing of the house quote (avoidEscape).
      if (m[0].includes(m[1] === "'" ? '"' : "'")) continue;
      if (m[1] === "'") single++;
      else double++;
    }
    // A multi-line literal's last element: the line before a closing `}`/`]` line.
    if (/^[}\]]/.test(line) && previous && !/[{[(]$/.test(previous)) {
      if (previous.endsWith(',')) withComma++;
      else if (/^[\w$'"`[{.-]/.test(previous) && /:|^['"`\d]/.test(previous) && !previous.endsWith(';'))
        withoutComma++;
    }
    previous = line;
  }
  const spaced =
    count(source, /\bfunction\s*\*?\s*[\w$]*\s+\(/g) +
    count(source, /\bfunction\s*\*?\s*[\w$]+<[^>\n]*>\s+\(/g);
  const tight =
    count(source, /\bfunction\s*\*?\s*[\w$]*\(/g) + count(source, /\bfunction\s*\*?\s*[\w$]+<[^>\n]*>\(/g);
  return {
    semicolons: semi + bare === 0 ? HOUSE_STYLE.semicolons : semi >= bare,
    quote: single + double === 0 ? HOUSE_STYLE.quote : double > single ? '"' : "'",
    indent: indentUnit(source),
    trailingCommas: withComma + withoutComma === 0 ? HOUSE_STYLE.trailingCommas : withComma >= withoutComma,
    spaceBeforeFunctionParen: spaced > tight,
    es5: isEs5(source),
  };
}

/**
 * Whether the file defines its top-level functions as `var name = function name () {}` rather
 * than declarations (ESLint func-style "expression", as qs does). Only a module of helpers can
 * follow it: a helper appended to a file must be a declaration, hoisted above its uses.
 */
export function prefersFunctionExpressions(source: string): boolean {
  const expressions = count(source, /^(var|let|const)\s+[\w$]+\s*=\s*function\b/gm);
  return expressions > count(source, /^(async\s+)?function\b/gm);
}

/** Whether the file opens with a `'use strict'` directive (after comments and a hashbang). */
export function usesStrictDirective(source: string): boolean {
  const body = source.replace(/^#!.*\n/, '').replace(/^(\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/, '');
  return /^['"]use strict['"]/.test(body);
}

/** Syntax newer than ES5, looked for in the code with strings, comments and regexes blanked. */
const MODERN = [
  /(^|[^\w$.])(let|const)\s+[\w$[{]/,
  /=>/,
  /(^|[^\w$.])var\s*[[{]/,
  /(^|[^\w$.])class\s+[\w$]+\s*(extends\b|\{)/,
  /\.\.\.[\w$[{(]/,
  /(^|[^\w$.])function\s*\*/,
];

/** ES5 when the file declares with `var` and shows no later syntax; a file without `var` shows no edition. */
export function isEs5(source: string): boolean {
  const code = blankLiterals(source);
  if (code === undefined || !/(^|[^\w$.])var\s+[\w$]/.test(code)) return false;
  return !MODERN.some((re) => re.test(code));
}

/**
 * `source` with comments, strings and regex literals blanked (a quote pair stays), or
 * undefined at a template literal (ES2015 already). A `/` starts a regex after an operator,
 * an opening bracket or a keyword, as a tokenizer would decide.
 */
function blankLiterals(source: string): string | undefined {
  let out = '';
  let i = 0;
  let last = '';
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '`') return undefined;
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
      out += ' ';
      continue;
    }
    if (c === "'" || c === '"' || (c === '/' && regexAllowed(last, out))) {
      let j = i + 1;
      let inClass = false;
      while (j < source.length && source[j] !== '\n') {
        const d = source[j]!;
        if (d === '\\') j++;
        else if (c === '/' && d === '[') inClass = true;
        else if (c === '/' && d === ']') inClass = false;
        else if (d === c && !inClass) break;
        j++;
      }
      out += `${c}${c}`;
      last = c;
      i = j + 1;
      continue;
    }
    out += c;
    if (!/\s/.test(c)) last = c;
    i++;
  }
  return out;
}

function regexAllowed(last: string, out: string): boolean {
  if (last === '' || /[(,=:[!&|?{};+\-*%<>~^]/.test(last)) return true;
  return /(^|[^\w$])(return|typeof|case|do|else|in|of|new|delete|void|throw)\s*$/.test(out.slice(-12));
}

function count(source: string, pattern: RegExp): number {
  let n = 0;
  for (const _ of source.matchAll(pattern)) n++;
  return n;
}

/** `code` (house style) rewritten into `style`: indentation, quotes, semicolons, function parens, trailing commas. */
export function toStyle(code: string, style: CodeStyle, language: LanguageId): string {
  const key = `${language}\u0000${JSON.stringify(style)}\u0000${code}`;
  let hit = styled.get(key);
  if (hit === undefined) {
    hit = restyle(code, style, language);
    if (styled.size > 256) styled.clear();
    styled.set(key, hit);
  }
  return hit;
}

/** Helpers are a handful of fixed texts: each is restyled once per style, not once per file. */
const styled = new Map<string, string>();

function restyle(house: string, style: CodeStyle, language: LanguageId): string {
  const code = style.es5 ? toEs5(house, style.quote, language) : house;
  const root = parseSource(language, code).root();
  const edits: Edit[] = [];
  if (style.quote === '"') {
    for (const s of root.findAll({ rule: { kind: 'string' } })) {
      const body = s.text().slice(1, -1);
      if (s.text()[0] !== "'" || body.includes('"')) continue;
      edits.push(replace(s, `"${body.replace(/\\'/g, "'")}"`));
    }
  }
  if (!style.semicolons) {
    for (const s of root.findAll({ rule: { any: STATEMENTS } })) {
      const r = s.range();
      const next = code.slice(r.end.index).match(/^\s*(\S)/)?.[1];
      // Without a semicolon a line starting with ( [ ` + - / would continue the statement.
      if (code[r.end.index - 1] === ';' && !(next && /[([`+\-/]/.test(next)))
        edits.push({ start: r.end.index - 1, end: r.end.index, text: '' });
    }
  }
  if (style.spaceBeforeFunctionParen) {
    const fns = root.findAll({
      rule: {
        any: ['function_declaration', 'function_expression', 'generator_function_declaration'].map(
          (kind) => ({ kind }),
        ),
      },
    });
    for (const f of fns) {
      const at = f.field('parameters')?.range().start.index;
      if (at !== undefined && code[at - 1] !== ' ') edits.push({ start: at, end: at, text: ' ' });
    }
  }
  if (!style.trailingCommas) {
    for (const list of root.findAll({ rule: { any: [{ kind: 'object' }, { kind: 'array' }] } })) {
      const m = /,(\s*)[}\]]$/.exec(list.text());
      if (m && m[1]!.includes('\n')) {
        const at = list.range().end.index - m[0].length;
        edits.push({ start: at, end: at + 1, text: '' });
      }
    }
  }
  const styled = edits.length > 0 ? applyEdits(code, edits) : code;
  return reindent(styled, style.indent);
}

/**
 * The helper in ES5: `let`/`const` become `var` and a template literal becomes string
 * concatenation. Helpers are small functions with no block-scoped shadowing, so `var` keeps
 * their meaning; anything else newer than ES5 is left for the helper's author to avoid.
 */
function toEs5(code: string, quote: "'" | '"', language: LanguageId): string {
  const root = parseSource(language, code).root();
  const edits: Edit[] = [];
  for (const d of root.findAll({ rule: { kind: 'lexical_declaration' } })) {
    const kw = d.child(0);
    if (kw && (kw.text() === 'const' || kw.text() === 'let')) edits.push(replace(kw, 'var'));
  }
  for (const t of root.findAll({
    rule: { kind: 'template_string', not: { inside: { kind: 'template_string' } } },
  })) {
    edits.push(replace(t, concatenation(t, quote)));
  }
  return edits.length > 0 ? applyEdits(code, edits) : code;
}

/** `\`a ${b} c\`` as `'a ' + b + ' c'`: the literal parts quoted, each substitution an operand. */
function concatenation(template: SgNode, quote: "'" | '"'): string {
  const text = template.text();
  const start = template.range().start.index;
  const parts: string[] = [];
  let at = 1;
  const literal = (raw: string) => {
    const body = raw
      .replace(/\\`/g, '`')
      .replace(/\\\$/g, '$')
      .replace(quote === "'" ? /'/g : /"/g, `\\${quote}`)
      .replace(/\r?\n/g, '\\n');
    if (body) parts.push(`${quote}${body}${quote}`);
  };
  for (const sub of template.children().filter((c) => c.kind() === 'template_substitution')) {
    const r = sub.range();
    literal(text.slice(at, r.start.index - start));
    const expr = sub.text().slice(2, -1).trim();
    parts.push(/^[\w$.]+(\([^()]*\))?$/.test(expr) ? expr : `(${expr})`);
    at = r.end.index - start;
  }
  literal(text.slice(at, -1));
  if (parts.length === 0) return `${quote}${quote}`;
  // A string first, so `+` concatenates rather than adds.
  if (!parts[0]!.startsWith(quote)) parts.unshift(`${quote}${quote}`);
  return parts.join(' + ');
}

function replace(node: SgNode, text: string): Edit {
  const r = node.range();
  return { start: r.start.index, end: r.end.index, text };
}
