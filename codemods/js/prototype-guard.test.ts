import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { HOUSE_STYLE, toStyle } from '../../src/fix/style.js';
import guard from './prototype-guard.js';

/** The helper's JavaScript text, run for real: `new Function` returns the function it declares. */
function load(name: string, es5 = false): (key: string) => PropertyKey {
  const spec = guard.helpers!.find((h) => h.name === name)!;
  const code = toStyle(spec.javascript!, { ...HOUSE_STYLE, es5 }, 'javascript');
  return new Function(`${code}\nreturn ${name};`)() as (key: string) => PropertyKey;
}

describe('prototype-guard helpers', () => {
  it('safeKey lets constructor and prototype through as own keys and skips a __proto__ write', () => {
    const safeKey = load('safeKey');
    const o: Record<PropertyKey, unknown> = {};
    o[safeKey('constructor')] = 'c';
    o[safeKey('prototype')] = 'p';
    o[safeKey('__proto__')] = { polluted: true };
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(o.polluted).toBeUndefined();
    expect(Object.keys(o)).toEqual(['constructor', 'prototype']);
    expect(JSON.stringify(o)).toBe('{"constructor":"c","prototype":"p"}');
  });

  it('safePathKey refuses all three keys a chain could walk to a shared prototype through', () => {
    const safePathKey = load('safePathKey');
    for (const k of ['__proto__', 'constructor', 'prototype'])
      expect(() => safePathKey(k), k).toThrow(`refusing to use ${k} as a property key`);
    expect(safePathKey('user')).toBe('user');
  });

  it('both parse as ECMAScript 5 when written for an ES5 file, and behave the same', () => {
    const linter = new Linter({ configType: 'flat' });
    for (const h of guard.helpers!) {
      const code = toStyle(h.javascript!, { ...HOUSE_STYLE, es5: true }, 'javascript');
      const fatal = linter.verify(code, { languageOptions: { ecmaVersion: 5, sourceType: 'script' } });
      expect(
        fatal.filter((m) => m.fatal),
        h.name,
      ).toEqual([]);
    }
    expect(() => load('safePathKey', true)('constructor')).toThrow(
      'refusing to use constructor as a property key',
    );
    expect(typeof load('safeKey', true)('__proto__')).toBe('symbol');
  });
});
