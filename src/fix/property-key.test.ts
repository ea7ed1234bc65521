import { describe, expect, it } from 'vitest';
import type { LanguageId } from './codemod.js';
import { parseSource } from './languages.js';
import { accessOf, chainKeys, ownKeyReason, safeKeyReason } from './property-key.js';

/** The subscript whose text is `at` (the last one when several), in `source`. */
function subscript(source: string, at: string, language: LanguageId = 'javascript') {
  const root = parseSource(language, source).root();
  const hits = root.findAll({ rule: { kind: 'subscript_expression' } }).filter((n) => n.text() === at);
  if (hits.length === 0) throw new Error(`no ${at} in ${source}`);
  return hits[hits.length - 1]!;
}

describe('accessOf', () => {
  it.each([
    ['o[k] = 1', 'o[k]', true, 'assignment'],
    ['o[k] += 1', 'o[k]', true, 'compound assignment (+=)'],
    ['o[k] ??= 1', 'o[k]', true, 'compound assignment (??=)'],
    ['o[k]++', 'o[k]', true, 'update (++)'],
    ['--o[k]', 'o[k]', true, 'update (--)'],
    ['o[a][b] = 1', 'o[a]', true, 'assignment'],
    ['[o[k]] = v', 'o[k]', true, 'destructuring'],
    ['x = o[k]', 'o[k]', false, 'read'],
    ['for (const x of o[k]) f(x)', 'o[k]', false, 'read'],
    ['for (o[k] of xs) f()', 'o[k]', true, 'destructuring'],
    ['({ a: o[k] } = v)', 'o[k]', true, 'destructuring'],
    ['o[k] = o[j]', 'o[j]', false, 'read'],
    ['o[k](1)', 'o[k]', false, 'call'],
    ['delete o[k]', 'o[k]', false, 'delete'],
  ])('%s: %s', (source, at, write, how) => {
    const a = accessOf(subscript(source, at));
    expect({ write: a.write, how: a.how }).toEqual({ write, how });
  });

  it('follows a chain out to the written subscript and lists its keys', () => {
    const a = accessOf(subscript('o[a][b] = 1', 'o[a]'));
    expect(a.target.text()).toBe('o[a][b]');
    expect(chainKeys(a.target).map((k) => k.text())).toEqual(['a', 'b']);
  });
});

describe('safeKeyReason', () => {
  const key = (source: string, at: string, language?: LanguageId) =>
    safeKeyReason(subscript(source, at, language).field('index')!);

  it.each([
    ['for (let i = 0; i < a.length; i++) a[i] = 0', 'a[i]', 'the key i is a numeric loop index'],
    ['for (let i = a.length - 1; i >= 0; i -= 1) x(a[i])', 'a[i]', 'the key i is a numeric loop index'],
    ['for (let i = 0; i < n; i++) { b[i + 1] = 1 }', 'b[i + 1]', 'the key is a number (arithmetic)'],
    ['a[a.length - 1] = 0', 'a[a.length - 1]', 'the key is a number (arithmetic)'],
    ['a[arr.indexOf(x)] = 0', 'a[arr.indexOf(x)]', 'the key is a number (arr.indexOf())'],
    ['a[Math.floor(n / 2)]', 'a[Math.floor(n / 2)]', 'the key is a number (Math.floor())'],
    ['xs.forEach((x, i) => { out[i] = x })', 'out[i]', 'the key i is the array index of forEach()'],
    ["const k = 'name'; o[k] = 1", 'o[k]', "the key k is the constant 'name'"],
    ['const n = xs.length; o[n] = 1', 'o[n]', 'the key n is a number'],
  ])('%s', (source, at, reason) => {
    expect(key(source, at)).toBe(reason);
  });

  it.each([
    [
      "type Side = 'left' | 'right'; function f(s: Side) { return o[s] }",
      'o[s]',
      'the key s has the literal type Side',
    ],
    ['function f(n: number) { o[n] = 1 }', 'o[n]', 'the key n is declared a number'],
    ["function f(k: 'a' | 'b') { o[k] = 1 }", 'o[k]', "the key k has the literal type 'a' | 'b'"],
    [
      'enum Color { Red, Blue } function f(c: Color) { o[c] = 1 }',
      'o[c]',
      'the key c has the literal type Color',
    ],
    [
      'const M = { a: 1, b: 2 }; function f(k: keyof typeof M) { return M[k] }',
      'M[k]',
      'the key k has the literal type keyof typeof M',
    ],
  ])('typescript: %s', (source, at, reason) => {
    expect(key(source, at, 'typescript')).toBe(reason);
  });

  it.each([
    ['function f(k) { o[k] = 1 }', 'o[k]'],
    ['for (let i = 0; i < n; i++) { i = name; a[i] = 1 }', 'a[i]'],
    ['let i = 0; a[i] = 1', 'a[i]'],
    ["const k = '__proto__'; o[k] = 1", 'o[k]'],
    ['o[a + b] = 1', 'o[a + b]'],
    ['o[req.query.k] = 1', 'o[req.query.k]'],
    ['xs.forEach((x, i) => { out[x] = i })', 'out[x]'],
    ['for (const k of keys) o[k] = 1', 'o[k]'],
  ])('leaves alone: %s', (source, at) => {
    expect(key(source, at)).toBeUndefined();
  });

  it.each([
    ['function f(k: string) { o[k] = 1 }', 'o[k]'],
    ["function f(k: 'a' | '__proto__') { o[k] = 1 }", 'o[k]'],
    ["type K = 'constructor' | 'x'; function f(k: K) { o[k] = 1 }", 'o[k]'],
    ['function f(k: keyof T) { o[k] = 1 }', 'o[k]'],
    ['const M: Record<string, number> = {}; function f(k: keyof typeof M) { M[k] = 1 }', 'M[k]'],
  ])('typescript leaves alone: %s', (source, at) => {
    expect(key(source, at, 'typescript')).toBeUndefined();
  });
});

describe('ownKeyReason', () => {
  it.each([
    ['for (const k in o) use(o[k])', 'o[k]', 'k comes from for…in over o itself'],
    ['for (const k of Object.keys(o)) use(o[k])', 'o[k]', 'k comes from Object.keys(o) of the same object'],
    [
      'for (const [k, v] of Object.entries(this.m)) use(this.m[k], v)',
      'this.m[k]',
      'k comes from Object.entries(this.m) of the same object',
    ],
    ['Object.keys(o).forEach((k) => use(o[k]))', 'o[k]', 'k comes from Object.keys(o) of the same object'],
  ])('%s', (source, at, reason) => {
    expect(ownKeyReason(subscript(source, at))).toBe(reason);
  });

  it.each([
    ['for (const k in a) use(b[k])', 'b[k]'],
    ['for (const k of Object.keys(a)) use(b[k])', 'b[k]'],
    ['for (const [v, k] of Object.entries(o)) use(o[k])', 'o[k]'],
    ['Object.keys(a).forEach((k) => use(b[k]))', 'b[k]'],
    ['for (const k in o) { const o = other; use(o[k]) }', 'o[k]'],
  ])('leaves alone: %s', (source, at) => {
    expect(ownKeyReason(subscript(source, at))).toBeUndefined();
  });
});
