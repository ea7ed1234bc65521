/**
 * What a name used at a call refers to, for path-containment: node:path's (or node:fs's) own
 * export (or the module itself), or something else. The innermost declaration of the name wins, so a
 * Promise callback's `resolve`, a parameter or a local `const join = ...` shadows the import.
 * Hoisted `var`s from nested blocks are not followed; such a file is left unfixed at worst
 * when it declares the name somewhere this walk sees.
 */
import type { SgNode } from '@ast-grep/napi';

const PATH_MODULE = /^(node:)?path(\/posix)?$/;
/** The modules whose functions eslint-plugin-security's detect-non-literal-fs-filename checks. */
export const FS_MODULE = /^((node:)?fs(\/promises)?|fs-extra)$/;

export type PathBinding =
  /** `import { join } from 'path'`, `const { resolve: r } = require('node:path')`: the export's name. */
  | { kind: 'export'; name: string }
  /** `import path from 'path'`, `import * as path`, `const path = require('path')`. */
  | { kind: 'module' }
  | { kind: 'other'; line: number }
  | { kind: 'unbound' };

function isModuleRequire(value: SgNode | null, mod: RegExp): boolean {
  if (value?.kind() !== 'call_expression' || value.field('function')?.text() !== 'require') return false;
  const arg = value.field('arguments')?.namedChildren()[0];
  return arg?.kind() === 'string' && mod.test(arg.text().slice(1, -1));
}

/** Identifiers a binding pattern (`{ a, b: c, ...d }`, `[e]`, `f = 1`) declares. */
function patternNames(pattern: SgNode): SgNode[] {
  const k = pattern.kind();
  if (k === 'identifier' || k === 'shorthand_property_identifier_pattern') return [pattern];
  if (k === 'pair_pattern') return patternNames(pattern.field('value')!);
  if (k === 'variable_declarator') return patternNames(pattern.field('name')!);
  if (k === 'required_parameter' || k === 'optional_parameter')
    return patternNames(pattern.field('pattern')!);
  if (k === 'assignment_pattern' || k === 'object_assignment_pattern')
    return patternNames(pattern.field('left')!);
  return pattern.namedChildren().flatMap(patternNames);
}

/** The binding `name` gets from one declarator, if it declares `name`. */
function fromDeclarator(decl: SgNode, name: string, mod: RegExp): PathBinding | undefined {
  const pattern = decl.field('name');
  const hit = pattern && patternNames(pattern).find((n) => n.text() === name);
  if (!pattern || !hit) return undefined;
  const line = decl.range().start.line + 1;
  if (!isModuleRequire(decl.field('value'), mod)) return { kind: 'other', line };
  if (pattern.kind() === 'identifier') return { kind: 'module' };
  // `{ join }` or `{ join: name }`: the exported name is the key.
  const pair = hit.parent();
  const exported = pair?.kind() === 'pair_pattern' ? pair.field('key')?.text() : hit.text();
  return pair?.kind() === 'pair_pattern' || hit.kind() === 'shorthand_property_identifier_pattern'
    ? { kind: 'export', name: exported ?? name }
    : { kind: 'other', line };
}

function fromImport(stmt: SgNode, name: string, mod: RegExp): PathBinding | undefined {
  const line = stmt.range().start.line + 1;
  // TypeScript's `import path = require('path')`.
  const req = stmt.children().find((c) => c.kind() === 'import_require_clause');
  if (req?.namedChildren()[0]?.text() === name) {
    const spec = req.namedChildren().find((c) => c.kind() === 'string');
    return mod.test(spec?.text().slice(1, -1) ?? '') ? { kind: 'module' } : { kind: 'other', line };
  }
  const clause = stmt.children().find((c) => c.kind() === 'import_clause');
  if (!clause) return undefined;
  const fromPath = mod.test(stmt.field('source')?.text().slice(1, -1) ?? '');
  for (const c of clause.namedChildren()) {
    if (c.kind() === 'identifier' || c.kind() === 'namespace_import') {
      if (c.text() === name || c.namedChildren().some((i) => i.text() === name))
        return fromPath ? { kind: 'module' } : { kind: 'other', line };
    }
    for (const spec of c.kind() === 'named_imports' ? c.namedChildren() : []) {
      const local = spec.field('alias') ?? spec.field('name');
      if (local?.text() !== name) continue;
      return fromPath
        ? { kind: 'export', name: spec.field('name')?.text() ?? name }
        : { kind: 'other', line };
    }
  }
  return undefined;
}

/** Declarations of `name` among a block's (or the program's) statements. */
function declaredIn(stmts: SgNode[], name: string, mod: RegExp): PathBinding | undefined {
  for (const stmt of stmts) {
    const k = String(stmt.kind());
    const line = stmt.range().start.line + 1;
    if (k === 'import_statement') {
      const b = fromImport(stmt, name, mod);
      if (b) return b;
    } else if (k === 'lexical_declaration' || k === 'variable_declaration') {
      for (const decl of stmt.namedChildren().filter((d) => d.kind() === 'variable_declarator')) {
        const b = fromDeclarator(decl, name, mod);
        if (b) return b;
      }
    } else if (/^(function|generator_function|class)_declaration$/.test(k)) {
      if (stmt.field('name')?.text() === name) return { kind: 'other', line };
    } else if (k === 'export_statement') {
      const inner = stmt.field('declaration');
      const b = inner && declaredIn([inner], name, mod);
      if (b) return b;
    }
  }
  return undefined;
}

/** Parameters (and a named function expression's own name) that declare `name`. */
function declaredByFunction(fn: SgNode, name: string): boolean {
  const params = fn.field('parameters') ?? fn.field('parameter');
  if (params && patternNames(params).some((n) => n.text() === name)) return true;
  return fn.kind() === 'function_expression' && fn.field('name')?.text() === name;
}

const FUNCTION =
  /^(function_declaration|function_expression|function|arrow_function|method_definition|generator_function|generator_function_declaration)$/;

/** What `name`, used at `at`, refers to (node:path being the module of interest). */
export function pathBinding(at: SgNode, name: string): PathBinding {
  return moduleBinding(at, name, PATH_MODULE);
}

/** What `name`, used at `at`, refers to, the module of interest being one whose specifier matches `mod`. */
export function moduleBinding(at: SgNode, name: string, mod: RegExp): PathBinding {
  for (let n: SgNode | null = at.parent(); n; n = n.parent()) {
    const k = String(n.kind());
    if (FUNCTION.test(k) && declaredByFunction(n, name))
      return { kind: 'other', line: n.range().start.line + 1 };
    if (k === 'catch_clause' && n.field('parameter')?.text() === name)
      return { kind: 'other', line: n.range().start.line + 1 };
    // `for (const resolve of ...)`, `for (let join = ...; ...)`: declared for the loop body.
    const head =
      k === 'for_in_statement' ? n.field('left') : k === 'for_statement' ? n.field('initializer') : null;
    if (head && patternNames(head).some((i) => i.text() === name))
      return { kind: 'other', line: n.range().start.line + 1 };
    if (k === 'statement_block' || k === 'program') {
      const b = declaredIn(n.namedChildren(), name, mod);
      if (b) return b;
    }
  }
  return { kind: 'unbound' };
}
