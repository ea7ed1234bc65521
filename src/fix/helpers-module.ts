/**
 * One shared helpers module per project instead of a copy of a helper in every file.
 *
 * Before fixing, the files whose findings go to a codemod declaring a shared helper
 * (Codemod.helpers, HelperSpec.shared) are grouped by project (the nearest package.json) and
 * language family; a group gets a module when two or more of its files may need the same
 * helper, or when the project already has one (an earlier run's `trust-helpers.js`/`.ts`,
 * reused and extended). Those files are fixed importing the helper from the module, with a
 * relative import in the file's own import style; every other file keeps a local copy, so a
 * helper one file needs stays in that file. Planning reads no source file: the decision is
 * made from the routing alone, so the codemods still run once per file (on the pool too).
 *
 * After fixing, the module is written with the helpers the files actually imported, in the
 * deepest folder they share, in the style of the first of them (style.ts) and with their
 * module syntax (ESM `export`, CommonJS `module.exports`, TypeScript types). It is a changed
 * file of the run like any other: in the diff, the CodeTF report and the audit log. It is
 * written after the files that import it; a run stopped by a failed write may leave it out.
 */
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { readInRoot } from '../core/paths.js';
import type { Finding } from '../sarif/finding.js';
import type { Codemod, HelperSpec, LanguageId } from './codemod.js';
import { unifiedDiff } from './diff.js';
import { familyOf } from './languages.js';
import type { Stage } from './pass.js';
import type { ChangedFile } from './pipeline.js';
import { routeFinding } from './route.js';
import {
  type CodeStyle,
  detectStyle,
  isEs5,
  prefersFunctionExpressions,
  toStyle,
  usesStrictDirective,
} from './style.js';

export const MODULE_BASENAME = 'trust-helpers';

/** Where a shared helper lives for one file: the module's repository path, and the extension to import it by when the file shows none. */
export interface ProvidedHelper {
  module: string;
  /** '.js' or '' (TypeScript without evidence in the file); JavaScript always names the file. */
  fallbackExt: string;
}

export interface Candidate {
  path: string;
  language: LanguageId;
  /** Shared helpers the file's codemods may ask for, with the codemod that declares each. */
  helpers: { spec: HelperSpec; codemod: string }[];
}

export interface PlannedModule {
  path: string;
  language: LanguageId;
  /** '' for a new module. */
  before: string;
  specs: Map<string, { spec: HelperSpec; codemod: string }>;
  files: string[];
}

export interface HelpersPlan {
  modules: PlannedModule[];
  /** Per file: helper name -> where it lives. */
  provided: Map<string, Map<string, ProvidedHelper>>;
}

export function planHelpersModules(root: string, candidates: readonly Candidate[]): HelpersPlan {
  const plan: HelpersPlan = { modules: [], provided: new Map() };
  const groups = new Map<
    string,
    { project: string; ext: string; language: LanguageId; files: Candidate[] }
  >();
  for (const c of candidates) {
    const project = projectOf(root, c.path);
    const ext = moduleExt(c.path, c.language);
    const key = `${project}\u0000${ext}`;
    const g = groups.get(key) ?? { project, ext, language: c.language, files: [] };
    g.files.push(c);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    const users = new Map<string, { spec: HelperSpec; codemod: string; files: Set<string> }>();
    for (const f of g.files) {
      for (const h of f.helpers) {
        const u = users.get(h.spec.name) ?? { ...h, files: new Set<string>() };
        u.files.add(f.path);
        users.set(h.spec.name, u);
      }
    }
    const dir = commonDir(g.files.map((f) => f.path));
    const existing = findExisting(root, dir, g.project, g.ext);
    const shared = [...users.values()].filter((u) => existing || u.files.size >= 2);
    if (shared.length === 0) continue;
    const path = existing ?? posix.join(dir, `${MODULE_BASENAME}${g.ext}`);
    const language: LanguageId = familyOf(g.language) === 'typescript' ? 'typescript' : 'javascript';
    const fallbackExt = language === 'typescript' ? tsFallbackExt(root, g.project) : '';
    const files = new Set<string>();
    for (const u of shared) {
      for (const f of u.files) {
        files.add(f);
        const map = plan.provided.get(f) ?? new Map<string, ProvidedHelper>();
        map.set(u.spec.name, { module: path, fallbackExt });
        plan.provided.set(f, map);
      }
    }
    const specs = new Map(shared.map((u) => [u.spec.name, { spec: u.spec, codemod: u.codemod }]));
    const before = existing ? (readInRoot(root, existing) ?? '') : '';
    plan.modules.push({ path, language, before, specs, files: [...files].sort() });
  }
  return plan;
}

/** The plan for a run's files, from the routing alone (which codemods their findings go to): no file is read. */
export function planFromRouting(
  files: readonly { path: string; language?: LanguageId; findings: readonly Finding[] }[],
  codemods: readonly Codemod[],
  root: string,
): HelpersPlan | undefined {
  const candidates = files.flatMap((e) => {
    if (!e.language) return [];
    const routed = new Set(e.findings.flatMap((f) => routeFinding(codemods, f, e.language!)));
    const helpers = [...routed].flatMap((c) =>
      (c.helpers ?? []).filter((h) => h.shared).map((spec) => ({ spec, codemod: c.id })),
    );
    return helpers.length > 0 ? [{ path: e.path, language: e.language, helpers }] : [];
  });
  return candidates.length > 0 ? planHelpersModules(root, candidates) : undefined;
}

/** How the file at `path` imports a provided helper: a relative path, extension as its own imports write it. */
export function importSpecifier(
  path: string,
  source: string,
  language: LanguageId,
  p: ProvidedHelper,
): string {
  let rel = posix.relative(posix.dirname(path), p.module);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  if (familyOf(language) !== 'typescript') return jsSpecifier(rel, source);
  const stem = rel.replace(/\.[cm]?ts$/, '');
  const out = (/\.[cm]?ts$/.exec(rel)?.[0] ?? '.ts').replace('t', 'j');
  // `./x.js` under node16/nodenext resolution, `./x` under bundler or classic resolution.
  if (/from\s+['"]\.{1,2}\/[^'"]+\.[cm]?js['"]/.test(source)) return `${stem}${out}`;
  if (/from\s+['"]\.{1,2}\/[^'"\n]+['"]/.test(source)) return stem;
  return p.fallbackExt ? `${stem}${out}` : stem;
}

const RELATIVE = /(?:\brequire\(\s*|\bfrom\s+|\bimport\(\s*)['"](\.{1,2}\/[^'"\n]*)['"]/g;

/**
 * A `.js` module named as the file names its own relative modules: `./trust-helpers` when none
 * of them has a JS extension (CommonJS and bundlers resolve it), the file name when one does.
 * A CommonJS file with no relative JS module to go by (only `./data.json`, or none) gets the
 * bare name too, the common way to require; an ES module the file name, which Node requires.
 * `.mjs`/`.cjs` always keep theirs: Node resolves no other extension.
 */
function jsSpecifier(rel: string, source: string): string {
  if (!rel.endsWith('.js')) return rel;
  const own = [...source.matchAll(RELATIVE)].map((m) => m[1]!);
  if (own.some((s) => /\.[cm]?[jt]sx?$/.test(s))) return rel;
  const bare = own.length > 0 || !/^\s*(import|export)\s/m.test(source);
  return bare ? rel.slice(0, -3) : rel;
}

/** The module with the helpers its files imported (`used`: per file), or undefined when none did. */
export function renderModule(
  m: PlannedModule,
  used: ReadonlyMap<string, readonly string[]>,
  sources: ReadonlyMap<string, { source: string; language: LanguageId }>,
  diffs: boolean,
): ChangedFile | undefined {
  const users = m.files.filter((f) => (used.get(f)?.length ?? 0) > 0 && sources.has(f));
  const names = [...m.specs.keys()].filter((n) => users.some((f) => used.get(f)!.includes(n)));
  if (names.length === 0) return undefined;
  // In the style and module syntax of the first file (by path) that imports from it.
  const first = sources.get(users[0]!)!;
  // ES5 when any of them is: each file must still parse in its own edition.
  const style = { ...detectStyle(first.source), es5: users.some((f) => isEs5(sources.get(f)!.source)) };
  const esm = m.path.endsWith('.mjs') || m.path.endsWith('.mts') || isEsm(first.source, m.language);
  const expressions = familyOf(m.language) === 'javascript' && prefersFunctionExpressions(first.source);
  const blocks: { owner: string; text: string }[] = [];
  for (const name of names) {
    if (new RegExp(`function\\s+${name}\\b`).test(m.before)) continue;
    const { spec, codemod } = m.specs.get(name)!;
    const code = spec[familyOf(m.language) as 'javascript' | 'typescript'] ?? spec.javascript;
    if (code) {
      const styled = toStyle(code, style, m.language);
      const text = expressions ? asExpression(styled, name, style) : styled;
      blocks.push({ owner: codemod, text: exported(text, name, esm, style.semicolons) });
    }
  }
  if (blocks.length === 0) return undefined;
  const q = style.quote;
  const header =
    !esm && usesStrictDirective(first.source)
      ? `${HEADER}\n\n${q}use strict${q}${style.semicolons ? ';' : ''}`
      : HEADER;
  const render = (before: string, texts: string[]) => renderWith(header, before, texts);
  const after = render(
    m.before,
    blocks.map((b) => b.text),
  );
  const stages: Stage[] = [];
  const owners = [...new Set(blocks.map((b) => b.owner))];
  let previous = m.before;
  owners.forEach((codemod, i) => {
    const upTo = new Set(owners.slice(0, i + 1));
    const text = render(
      m.before,
      blocks.filter((b) => upTo.has(b.owner)).map((b) => b.text),
    );
    const diff = diffs ? fileDiff(m.path, previous, text) : '';
    stages.push({
      codemod,
      path: m.path,
      before: previous,
      after: text,
      diff,
      findings: [],
      lines: [],
      packageActions: [],
    });
    previous = text;
  });
  return {
    path: m.path,
    before: m.before,
    after,
    diff: diffs ? fileDiff(m.path, m.before, after) : '',
    stages,
  };
}

const HEADER =
  '/** Helpers trust added for its fixes: one copy per project, imported where they are used. */';

function renderWith(header: string, before: string, blocks: string[]): string {
  if (blocks.length === 0) return before;
  return `${before ? `${before.trimEnd()}\n\n` : `${header}\n\n`}${blocks.join('\n\n')}\n`;
}

/** `function name(…) {…}` as `var name = function name(…) {…};`, for a file written that way. */
function asExpression(code: string, name: string, style: CodeStyle): string {
  const at = code.search(new RegExp(`^function\\s+${name}\\b`, 'm'));
  if (at < 0) return code;
  const decl = style.es5 ? 'var' : 'const';
  return `${code.slice(0, at)}${decl} ${name} = ${code.slice(at).trimEnd()}${style.semicolons ? ';' : ''}`;
}

/** The helper as an export: `export function …` (ESM, TS) or the function and `module.exports.x = x`. */
function exported(code: string, name: string, esm: boolean, semi: boolean): string {
  if (esm) return code.replace(/^(async\s+)?function\b/m, (m) => `export ${m}`);
  return `${code}\n\nmodule.exports.${name} = ${name}${semi ? ';' : ''}`;
}

function isEsm(source: string, language: LanguageId): boolean {
  if (/^\s*(import\s[^(]|export\s)/m.test(source)) return true;
  if (/\brequire\s*\(|\bmodule\.exports\b|^\s*exports\./m.test(source)) return false;
  return familyOf(language) === 'typescript';
}

/** The nearest folder (repository-relative, '' for the root) holding a package.json. */
function projectOf(root: string, path: string): string {
  for (let dir = posix.dirname(path); ; dir = posix.dirname(dir)) {
    const d = dir === '.' ? '' : dir;
    if (existsSync(`${root}/${d ? `${d}/` : ''}package.json`)) return d;
    if (d === '') return '';
  }
}

/** TypeScript imports name `.js` when the project resolves like Node (type module, node16/nodenext). */
function tsFallbackExt(root: string, project: string): string {
  const at = (f: string) => readInRoot(root, project ? `${project}/${f}` : f) ?? '';
  if (/"type"\s*:\s*"module"/.test(at('package.json'))) return '.js';
  return /"module(Resolution)?"\s*:\s*"node(16|next)"/i.test(at('tsconfig.json')) ? '.js' : '';
}

function moduleExt(path: string, language: LanguageId): string {
  const m = /\.(mjs|cjs|mts|cts)$/.exec(path);
  if (m) return `.${m[1]}`;
  return familyOf(language) === 'typescript' ? '.ts' : '.js';
}

function commonDir(paths: string[]): string {
  const parts = paths.map((p) =>
    posix
      .dirname(p)
      .split('/')
      .filter((s) => s !== '.'),
  );
  const common: string[] = [];
  for (let i = 0; parts.every((p) => i < p.length && p[i] === parts[0]![i]); i++) common.push(parts[0]![i]!);
  return common.join('/');
}

/** An earlier run's module in `dir` or a folder above it, up to the project's. */
function findExisting(root: string, dir: string, project: string, ext: string): string | undefined {
  for (let d = dir; ; d = d.includes('/') ? posix.dirname(d) : '') {
    const path = posix.join(d, `${MODULE_BASENAME}${ext}`);
    if (existsSync(`${root}/${path}`)) return path;
    if (d === project || d === '') return undefined;
  }
}

/** A unified diff; a new file's says so (`--- /dev/null`), so `git apply` creates it. */
function fileDiff(path: string, before: string, after: string): string {
  const diff = unifiedDiff(path, before, after);
  return before === '' ? diff.replace(`--- a/${path}`, '--- /dev/null') : diff;
}
