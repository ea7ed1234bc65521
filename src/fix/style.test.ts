import { describe, expect, it } from 'vitest';
import { detectStyle, HOUSE_STYLE, toStyle } from './style.js';

const detect = (source: string) => detectStyle(source);

const STANDARD = [
  "const express = require('express')",
  '',
  'function handler (req, res) {',
  '  const list = [',
  "    'a',",
  "    'b'",
  '  ]',
  '  for (let i = 0; i < list.length; i++) res.write(list[i])',
  '  return res.end()',
  '}',
  '',
  'module.exports = { handler, express }',
  '',
].join('\n');

const HELPER = [
  '/** Doc. */',
  'function safeKey(key) {',
  "  if (key === '__proto__') {",
  '    throw new TypeError(`refusing ${String(key)}`);',
  '  }',
  '  const parts = [',
  "    'x',",
  '  ];',
  '  return key;',
  '}',
].join('\n');

describe('detectStyle', () => {
  it('reads standard style: no semicolons, space before function parens, no trailing commas', () => {
    expect(detect(STANDARD)).toEqual({
      semicolons: false,
      quote: "'",
      indent: '  ',
      trailingCommas: false,
      spaceBeforeFunctionParen: true,
    });
  });

  it('reads double quotes, semicolons, tabs and trailing commas', () => {
    const src = 'import x from "x";\n\nfunction f(a) {\n\tconst o = {\n\t\ta: "1",\n\t};\n\treturn o;\n}\n';
    expect(detect(src)).toEqual({
      semicolons: true,
      quote: '"',
      indent: '\t',
      trailingCommas: true,
      spaceBeforeFunctionParen: false,
    });
  });

  it('falls back to the house style where a file shows nothing', () => {
    expect(detect('x()\n')).toEqual({ ...HOUSE_STYLE, semicolons: false });
    expect(detect('')).toEqual(HOUSE_STYLE);
  });

  it('counts a for-loop head as neither style', () => {
    expect(detect('for (let i = 0; i < n; i++) f(i)\ng()\n').semicolons).toBe(false);
  });
});

describe('toStyle', () => {
  it('leaves house-style code alone in a house-style file', () => {
    expect(toStyle(HELPER, HOUSE_STYLE, 'javascript')).toBe(HELPER);
  });

  it('writes standard style', () => {
    expect(toStyle(HELPER, detect(STANDARD), 'javascript')).toBe(
      [
        '/** Doc. */',
        'function safeKey (key) {',
        "  if (key === '__proto__') {",
        '    throw new TypeError(`refusing ${String(key)}`)',
        '  }',
        '  const parts = [',
        "    'x'",
        '  ]',
        '  return key',
        '}',
      ].join('\n'),
    );
  });

  it('writes double quotes and tabs, and keeps a quote that would need escaping', () => {
    const style = { ...HOUSE_STYLE, quote: '"' as const, indent: '\t' };
    expect(toStyle("function f() {\n  return ['a', 'say \"hi\"'];\n}", style, 'javascript')).toBe(
      'function f() {\n\treturn ["a", \'say "hi"\'];\n}',
    );
  });

  it('puts the space before the parameters of a generic TypeScript function', () => {
    const style = { ...HOUSE_STYLE, spaceBeforeFunctionParen: true, semicolons: false };
    expect(
      toStyle('function k<K extends PropertyKey>(key: K): K {\n  return key;\n}', style, 'typescript'),
    ).toBe('function k<K extends PropertyKey> (key: K): K {\n  return key\n}');
  });

  it('keeps a semicolon that guards the next line', () => {
    const style = { ...HOUSE_STYLE, semicolons: false };
    expect(toStyle('function f() {\n  g();\n  [1, 2].forEach(h);\n}', style, 'javascript')).toBe(
      'function f() {\n  g();\n  [1, 2].forEach(h)\n}',
    );
  });
});
