/**
 * The real-code harness's own checks, on small inputs whose answer is known: each must catch the
 * case it exists for and leave the case it must not flag alone, so the end-to-end test cannot
 * pass because a check is blind.
 */
import { describe, expect, it } from 'vitest';
import { CODEMODS } from '../../../codemods/index.js';
import { addedDeclarations, repeatedHelpers } from './added-helpers.js';
import { newMessages } from './compare.js';
import { changedNewLines, lineMap } from './line-map.js';
import { classify, type FixJson, untrueReason } from './outcomes.js';
import { dialectOf, inferStyle, offSpecifiers, parsesAs, styleLint } from './style.js';

describe('lineMap', () => {
  it('maps unchanged lines, rewritten lines onto their replacement, and deletions onto nothing', () => {
    const map = lineMap('a\nb\nc\nd\n', 'top\na\nx\ny\nc\n');
    expect(map(1)).toEqual({ start: 2, end: 2 });
    expect(map(2)).toEqual({ start: 3, end: 4 });
    expect(map(3)).toEqual({ start: 5, end: 5 });
    expect(map(4).end).toBeLessThan(map(4).start);
    expect([...changedNewLines('a\nb\nc\nd\n', 'top\na\nx\ny\nc\n')]).toEqual([1, 3, 4]);
  });
});

describe('newMessages', () => {
  it('counts a message new unless one of its rule stood before at a line mapping onto it', () => {
    const map = lineMap('a\nb\n', 'h\na\nb\n');
    const before = [{ ruleId: 'semi', line: 1, message: 'Missing semicolon.' }];
    const moved = { ruleId: 'semi', line: 2, message: 'Missing semicolon.' };
    const fresh = { ruleId: 'semi', line: 1, message: 'Missing semicolon.' };
    expect(newMessages(before, [moved], map)).toEqual([]);
    expect(newMessages(before, [moved, fresh], map)).toEqual([fresh]);
    // One message before answers for one after, not for two on the same line.
    expect(newMessages(before, [moved, moved], map)).toEqual([moved]);
  });
});

describe('added helpers', () => {
  const helper = 'function safeKey(k) {\n  return k;\n}\n';
  it('finds a helper written into two files, by name and under another name', () => {
    const a = addedDeclarations('a.js', 'x();\n', `x();\n${helper}`);
    const b = addedDeclarations('b.js', 'y();\n', `y();\n${helper}`);
    expect(repeatedHelpers([...a, ...b])).toEqual([
      'helper safeKey written 2 times: a.js (safeKey), b.js (safeKey)',
    ]);
    const c = addedDeclarations('c.js', '', helper.replace('safeKey', 'guardKey'));
    expect(repeatedHelpers([...a, ...c])[0]).toMatch(/one helper written 2 times under other names/);
  });
  it('leaves one helper, imported elsewhere, and declarations the file already had alone', () => {
    const a = addedDeclarations('safe-key.js', '', `${helper}module.exports = { safeKey };\n`);
    const b = addedDeclarations(
      'b.js',
      'var y = 1;\n',
      "var y = 1;\nvar { safeKey } = require('./safe-key');\n",
    );
    expect(b.map((d) => d.name)).toEqual([]);
    expect(repeatedHelpers([...a, ...b])).toEqual([]);
  });
});

describe('style', () => {
  const standard = "const a = 'x'\nfunction f () {\n  return a\n}\n";
  it("reads a file's conventions and flags an added line written in another style", () => {
    const rules = inferStyle(standard, 'commonjs');
    expect(rules.semi).toEqual(['error', 'never']);
    expect(rules['space-before-function-paren']).toEqual(['error', 'always']);
    const after = `${standard}function g(k) {\n    return "k";\n}\n`;
    const fresh = newMessages(
      styleLint(standard, rules, 'commonjs'),
      styleLint(after, rules, 'commonjs'),
      lineMap(standard, after),
    );
    expect(fresh.map((m) => m.ruleId).sort()).toEqual([
      'indent',
      'quotes',
      'semi',
      'space-before-function-paren',
    ]);
  });
  it("flags an added relative import that breaks the file's extension habit", () => {
    const before = "var utils = require('./utils');\n";
    const after = "var utils = require('./utils');\nvar h = require('./trust-helpers.js');\n";
    expect(offSpecifiers(before, after, changedNewLines(before, after))).toEqual([
      "'./trust-helpers.js' written with an extension; the file writes its relative imports without one",
    ]);
    const fine = "var utils = require('./utils');\nvar h = require('./trust-helpers');\n";
    expect(offSpecifiers(before, fine, changedNewLines(before, fine))).toEqual([]);
  });
  it('keeps the edition of the language the file is written in', () => {
    expect(dialectOf('var a = 1;\n', 'commonjs')).toBe(5);
    expect(dialectOf('const f = () => 1;\n', 'commonjs')).toBe(2015);
    expect(parsesAs('var a = `x`;\n', 5, 'commonjs')).toBe(false);
  });
});

describe('outcomes', () => {
  const facts = { unchangedSinceScan: () => true, parses: () => true, codemods: CODEMODS };
  const entry = (reason: string, rule = 'security/detect-object-injection') => ({
    id: reason,
    rule,
    path: 'lib/a.js',
    line: 3,
    reason,
  });
  it('sorts entries into their ends and refutes a reason the run contradicts', () => {
    const json: FixJson = {
      fixed: [
        { id: 'f', rule: 'r', path: 'a.js' },
        { id: 'm', rule: 'r', path: 'a.js', status: 'mitigated', mitigated: { justification: 'escaped' } },
      ],
      unfixed: [
        entry('triaged false_positive: the key is a loop index [trust/x] (--no-triage fixes it anyway)'),
        entry(
          'the code at the reported location is not something this codemod fixes; the file may have changed since the scan',
        ),
        entry('no codemod for ESLint rule security/detect-object-injection'),
        entry(
          'no codemod for ESLint rule security/detect-non-literal-require',
          'security/detect-non-literal-require',
        ),
        entry('triaged wont_fix:  (--no-triage fixes it anyway)'),
        entry('marked false_positive by Ada <ada@example.com> on 2026-12-03: the key is from Object.keys'),
        {
          ...entry('needs_review: a write through a request key; not a place this codemod fixes'),
          outcome: 'needs_review',
        },
      ],
      files: [],
    };
    const outcomes = classify(json);
    expect(outcomes.map((o) => o.end)).toEqual([
      'fixed',
      'mitigated',
      'triaged',
      'needs_review',
      'needs_review',
      'needs_review',
      'triaged',
      'triaged',
      'needs_review',
    ]);
    expect(outcomes[1]!.why).toBe('escaped');
    expect(outcomes[2]!.why).toBe('the key is a loop index [trust/x]');
    expect(outcomes.map((o) => untrueReason(o, facts))).toEqual([
      undefined,
      undefined,
      undefined,
      expect.stringMatching(/byte-identical/),
      expect.stringMatching(/trust:js\/prototype-guard declares it/),
      undefined,
      'triaged without a justification',
      undefined,
      undefined,
    ]);
    expect(outcomes[7]!.why).toBe('the key is from Object.keys');
  });
});
