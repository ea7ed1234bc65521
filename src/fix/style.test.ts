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
      es5: false,
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
      es5: false,
    });
  });

  it('does not count a string quoted to hold the other quote (the SQL a codemod fixes) as the house quote', () => {
    const src = '\'use strict\';\nconst q = "SELECT * FROM t WHERE n = \'" + n + "\'";\n';
    expect(detect(src).quote).toBe("'");
  });

  it('falls back to the house style where a file shows nothing', () => {
    expect(detect('x()\n')).toEqual({ ...HOUSE_STYLE, semicolons: false });
    expect(detect('')).toEqual(HOUSE_STYLE);
  });

  it('reads semicolons by the majority of statements, not by the line an import goes after', () => {
    // express lib/application.js: the last require alone has no semicolon.
    const src = [
      "'use strict';",
      "var debug = require('debug')('express:application');",
      "var View = require('./view');",
      "var setPrototypeOf = require('setprototypeof')",
      '',
      'var app = exports = module.exports = {};',
      'app.init = function init() {',
      '  this.cache = {};',
      '};',
    ].join('\n');
    expect(detect(src).semicolons).toBe(true);
  });

  it('reads an ES5 file: var and none of let/const/arrow/template/destructuring/class/spread', () => {
    const es5 = [
      "'use strict';",
      '// let the caller decide; const-correctness => none',
      "var re = /`/g; var s = 'const x = `y`';",
      'function f(a) { return a / 2 / re.lastIndex; }',
    ].join('\n');
    expect(detect(es5).es5).toBe(true);
    for (const modern of [
      'var a = 1;\nconst b = 2;',
      'var a = 1;\nlet b = 2;',
      'var f = (x) => x;',
      'var s = `x`;',
      'var { a } = o;',
      'var a = 1;\nclass A {}',
      'var a = f(...xs);',
      'var a = 1;\nfunction* g() {}',
    ]) {
      expect(detect(modern).es5, modern).toBe(false);
    }
    // No `var`: no evidence of an edition, so the house style.
    expect(detect('f();\n').es5).toBe(false);
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

  it('writes ES5 for an ES5 file: var, and string concatenation for a template', () => {
    const style = { ...HOUSE_STYLE, es5: true };
    expect(toStyle(HELPER, style, 'javascript')).toBe(
      [
        '/** Doc. */',
        'function safeKey(key) {',
        "  if (key === '__proto__') {",
        "    throw new TypeError('refusing ' + String(key));",
        '  }',
        '  var parts = [',
        "    'x',",
        '  ];',
        '  return key;',
        '}',
      ].join('\n'),
    );
    expect(toStyle('const s = `${a + b} it\'s "${c}"`;', { ...style, quote: '"' }, 'javascript')).toBe(
      'var s = "" + (a + b) + " it\'s \\"" + c + "\\"";',
    );
  });

  it('keeps a semicolon that guards the next line', () => {
    const style = { ...HOUSE_STYLE, semicolons: false };
    expect(toStyle('function f() {\n  g();\n  [1, 2].forEach(h);\n}', style, 'javascript')).toBe(
      'function f() {\n  g();\n  [1, 2].forEach(h)\n}',
    );
  });
});
