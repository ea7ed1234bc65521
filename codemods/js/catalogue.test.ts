import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureCases, runFixtureCase, unfixedMismatch } from '../../src/fix/fixture-suite.js';
import { CODEMODS } from '../index.js';

const here = dirname(fileURLToPath(import.meta.url));
const cases = fixtureCases(join(here, 'fixtures'));
const jsCodemods = CODEMODS.filter((c) => c.id.startsWith('trust:js/'));

describe('JavaScript/TypeScript codemod fixtures', () => {
  it('every JS codemod has fixtures with a fix and a guard case', () => {
    for (const c of jsCodemods) {
      const name = c.id.slice('trust:js/'.length);
      const mine = cases.filter((d) => relative(join(here, 'fixtures'), d).split('/')[0] === name);
      expect(mine.length, `${c.id} has no fixture cases`).toBeGreaterThanOrEqual(2);
    }
  });

  it('weak-hash stays reviewed, and its guidance calls a stored or compared digest a breaking change', () => {
    const weakHash = jsCodemods.find((c) => c.id === 'trust:js/weak-hash')!;
    expect(weakHash.reviewGuidance).toBe('merge-after-review');
    expect(weakHash.description).toMatch(/Breaking change when the digest leaves the function/);
    expect(weakHash.description).toMatch(/HMACs \(`createHmac`\)/);
  });

  for (const dir of cases) {
    it(relative(join(here, 'fixtures'), dir), async () => {
      const result = await runFixtureCase(dir, CODEMODS);
      for (const file of result.files) {
        expect(file.actual, `${file.path} output`).toBe(file.expected);
        expect(file.syntaxError, `${file.path} parses`).toBeUndefined();
      }
      expect(unfixedMismatch(result)).toBeUndefined();
      // Fixed but still reported by the rule: exactly the ones mitigated.json lists.
      const key = (m: { path: string; line: number; rule: string }) => `${m.path}:${m.line} ${m.rule}`;
      expect(result.mitigated.map(key).sort(), 'mitigated findings').toEqual(
        (result.expectedMitigated ?? []).map(key).sort(),
      );
      expect(result.second.files, 'second run changes nothing').toEqual([]);
    });
  }
});
