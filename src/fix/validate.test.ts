/**
 * The fragment check against the whole-file parse it replaces: thousands of random edits to
 * real files (this repository's own TypeScript, the codemod fixtures in JavaScript, Python
 * and Java), each judged both ways. The fragment check may be stricter than the full parse
 * (it then drops a fix that would have been fine), never looser: whenever it says the result
 * parses, the whole result must parse.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Edit, LanguageId } from './codemod.js';
import { applyEdits } from './edits.js';
import { firstSyntaxError, languageOf, parseSource } from './languages.js';
import { TopLevel } from './toplevel.js';
import { checkEditedFragments } from './validate.js';

const ROOT = join(import.meta.dirname, '..', '..');

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, keep));
    else if (keep(path)) out.push(path);
  }
  return out.sort();
}

/** Small files are joined into bigger ones (the fragment check leaves small files to the full parse). */
function corpus(language: LanguageId, paths: string[], minLength: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    if (firstSyntaxError(parseSource(language, text).root())) continue;
    const joined = current ? `${current}\n${text}` : text;
    if (firstSyntaxError(parseSource(language, joined).root())) continue;
    current = joined;
    if (current.length >= minLength) {
      out.push(current);
      current = '';
    }
  }
  if (current) out.push(current);
  return out;
}

/** A small deterministic PRNG (mulberry32), so a failure is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const C_LIKE = [
  '',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ';',
  '`',
  "'",
  '"',
  '/*',
  '*/',
  '// c\n',
  '\n',
  'x',
  ' + ',
  '(x)',
  '[1]',
  '`t`',
  'function',
  '=>',
  'if (a)',
  'else',
  'return',
  '\n(a)\n',
  '\n[1].forEach(f)\n',
  '-1',
  ' as ',
  ' in y',
  ',',
  '.',
  'x = 1',
  'x = 1;',
  '\nfoo()\n',
  '{}',
  '<',
  '>',
  '++',
  '\n`tpl`\n',
  '/re/',
  '\nimport x from "y";\n',
  '\nconst z = 1\n',
  'class',
  '@d',
  '!',
];
const PYTHON = [
  '',
  '(',
  ')',
  '[',
  ']',
  ':',
  '\n',
  '\n    ',
  '\n  ',
  '"',
  "'",
  '"""',
  '#',
  '# c\n',
  'else:',
  'def',
  'x',
  '\\',
  '\\\n',
  'pass',
  '\n    x = 1\n',
  '\nx = 1\n',
  ' + ',
  'lambda',
  'x = (',
  ')\n',
  ',',
  '\nimport os\n',
  '\n\ndef f():\n    return 1\n',
  '@d\n',
  'elif y:',
  'except:',
  '  ',
  '\t',
];

function mutate(source: string, tops: TopLevel, language: LanguageId, rand: () => number): Edit[] {
  const bank = language === 'python' ? PYTHON : C_LIKE;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const edits: Edit[] = [];
  const count = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < count; k++) {
    const i = Math.floor(rand() * tops.length);
    const { start, end } = tops.span(i);
    const mode = rand();
    let at: number;
    let len = 0;
    if (mode < 0.5) {
      at = start + Math.floor(rand() * (end - start + 1));
      len = Math.min(Math.floor(rand() * 6), end - at);
    } else if (mode < 0.7) {
      at = rand() < 0.5 ? start : end;
    } else if (mode < 0.85) {
      // Inside the gap after the statement.
      const next = i + 1 < tops.length ? tops.span(i + 1).start : source.length;
      at = end + Math.floor(rand() * (next - end + 1));
    } else {
      // Drop the statement's last character (often its `;` or `}`).
      at = Math.max(start, end - 1);
      len = end - at;
    }
    edits.push({ start: at, end: at + len, text: pick(bank) });
  }
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  // Keep the edits that do not overlap (a codemod's edits never do).
  const kept: Edit[] = [];
  for (const e of edits) if (kept.length === 0 || e.start > kept.at(-1)!.end) kept.push(e);
  return kept;
}

const SOURCES: [LanguageId, () => string[]][] = [
  [
    'typescript',
    () => corpus('typescript', filesUnder(join(ROOT, 'src'), (p) => p.endsWith('.ts')).slice(0, 40), 6000),
  ],
  [
    'javascript',
    () =>
      corpus(
        'javascript',
        filesUnder(join(ROOT, 'codemods', 'js', 'fixtures'), (p) => languageOf(p) === 'javascript'),
        4000,
      ),
  ],
  [
    'python',
    () =>
      corpus(
        'python',
        filesUnder(join(ROOT, 'codemods', 'python'), (p) => p.endsWith('.py')),
        4000,
      ),
  ],
  [
    'java',
    () =>
      corpus(
        'java',
        filesUnder(join(ROOT, 'codemods', 'java', 'fixtures'), (p) => p.endsWith('.java')),
        3000,
      ),
  ],
];

describe('fragment check vs whole-file parse', () => {
  for (const [language, load] of SOURCES) {
    it(`${language}: never says a broken result parses`, () => {
      const files = load();
      expect(files.length).toBeGreaterThan(0);
      const rand = prng(language.length * 7919 + Number(process.env.VALIDATE_SEED ?? 0));
      const tally = { provedClean: 0, foundError: 0, stricter: 0, wholeFile: 0 };
      const CASES = Number(process.env.VALIDATE_CASES ?? 400);
      for (let c = 0; c < CASES; c++) {
        const source = files[c % files.length]!;
        const tops = new TopLevel(parseSource(language, source).root());
        const edits = mutate(source, tops, language, rand);
        const after = applyEdits(source, edits);
        const verdict = checkEditedFragments(language, tops, edits, after);
        const full = firstSyntaxError(parseSource(language, after).root());
        if (verdict === 'whole-file') {
          tally.wholeFile++;
          continue;
        }
        if (verdict === undefined) {
          if (full) {
            if (process.env.DUMP_VALIDATE) {
              writeFileSync(`/tmp/vf-${language}-src`, source);
              writeFileSync(`/tmp/vf-${language}-after`, after);
              writeFileSync(`/tmp/vf-${language}-edits`, JSON.stringify(edits));
            }
            throw new Error(
              `fragment check passed a result that does not parse (line ${full.line}); edits ${JSON.stringify(edits)}`,
            );
          }
          tally.provedClean++;
        } else if (full) {
          tally.foundError++;
        } else {
          tally.stricter++;
        }
      }
      console.log(`${language}: ${CASES} random edits ${JSON.stringify(tally)}`);
      // Not vacuous: the fragment check decided most cases, both ways.
      expect(tally.provedClean).toBeGreaterThan(CASES / 20);
      expect(tally.foundError).toBeGreaterThan(CASES / 10);
      expect(tally.provedClean + tally.foundError + tally.stricter).toBeGreaterThan(CASES / 2);
    }, 60_000);
  }
});
