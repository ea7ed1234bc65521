/**
 * "Fixed" means the scanner stops reporting it. Every JS fixture case that carries real ESLint
 * SARIF is fixed, and the output is linted with the real ESLint 9 + eslint-plugin-security
 * (the same config eslint-sarif.mjs produced the SARIF with). Per file and rule, what ESLint
 * still reports must be exactly the findings trust left unfixed plus the ones it recorded as
 * mitigated (a codemod's `stillReported`). With suppression comments on, the mitigated ones
 * disappear too, except where trust said it wrote no comment, and ESLint finds no unused
 * disable directive (each comment sits on the line before a report it silences).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import type { FindingOutcome } from '../../src/fix/engine.js';
import { fixtureCases, runFixtureCase } from '../../src/fix/fixture-suite.js';
import { CODEMODS } from '../index.js';

const here = dirname(fileURLToPath(import.meta.url));
// Neither plugin ships type declarations.
const require = createRequire(import.meta.url);
const security = require('eslint-plugin-security') as { configs: { recommended: Linter.Config } };
const sdl = require('@microsoft/eslint-plugin-sdl') as NonNullable<Linter.Config['plugins']>[string];
const cases = fixtureCases(join(here, 'fixtures')).filter((d) => existsSync(join(d, 'eslint.sarif')));

function linter(): ESLint {
  return new ESLint({
    cwd: here,
    overrideConfigFile: true,
    // The config eslint-sarif.mjs wrote the fixtures' SARIF with (TypeScript inputs are not linted here).
    overrideConfig: [
      security.configs.recommended,
      { plugins: { '@microsoft/sdl': sdl }, rules: { '@microsoft/sdl/no-insecure-url': 'error' } },
      {
        languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
        linterOptions: { reportUnusedDisableDirectives: 'error' },
      },
      { files: ['**/*.jsx'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
    ],
  });
}

/** The rules the case's SARIF was filtered to (eslint-sarif.mjs keeps only the named ones). */
function sarifRules(dir: string): string[] {
  const sarif = JSON.parse(readFileSync(join(dir, 'eslint.sarif'), 'utf8')) as {
    runs: { tool: { driver: { rules?: { id: string }[] } } }[];
  };
  return sarif.runs.flatMap((r) => (r.tool.driver.rules ?? []).map((x) => x.id));
}

/** "path rule" -> count. */
function tally(items: readonly { path: string; rule: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[`${i.path} ${i.rule}`] = (out[`${i.path} ${i.rule}`] ?? 0) + 1;
  return out;
}

async function stillReported(dir: string, suppress: boolean) {
  const result = await runFixtureCase(dir, CODEMODS, { suppress });
  const rules = sarifRules(dir);
  const eslint = linter();
  const reported: { path: string; rule: string }[] = [];
  const unused: string[] = [];
  const linted = result.files.filter((f) => /\.([cm]?js|jsx)$/.test(f.path));
  for (const file of linted) {
    const [lint] = await eslint.lintText(file.actual, { filePath: join(dir, file.path) });
    for (const m of lint!.messages) {
      if (m.ruleId && rules.includes(m.ruleId)) reported.push({ path: file.path, rule: m.ruleId });
      // Only the directives for the case's rules are trust's (an input may carry its own).
      else if (
        !m.ruleId &&
        /Unused eslint-disable/.test(m.message) &&
        rules.some((r) => m.message.includes(r))
      )
        unused.push(`${file.path}:${m.line}`);
    }
  }
  const eslintOutcomes = result.first.outcomes.filter(
    (o) => o.finding.tool.name === 'ESLint' && linted.some((f) => f.path === o.path),
  );
  const left = (o: FindingOutcome) =>
    o.status === 'unfixed' || (o.mitigation !== undefined && o.mitigation.suppression === undefined);
  const expected = eslintOutcomes.filter(left).map((o) => ({ path: o.path, rule: o.finding.rule.id }));
  return { result, reported, expected, unused };
}

describe('fixes checked with the real ESLint rules', () => {
  it('finds the fixture cases with ESLint SARIF', () => {
    expect(cases.map((d) => relative(join(here, 'fixtures'), d))).toEqual(
      expect.arrayContaining([
        'regexp-escape/basic',
        'path-containment/fs-calls',
        'path-containment/suppress',
      ]),
    );
  });

  for (const dir of cases) {
    const name = relative(join(here, 'fixtures'), dir);
    it(`${name}: ESLint reports exactly the unfixed and the mitigated findings`, async () => {
      const { reported, expected } = await stillReported(dir, false);
      expect(tally(reported)).toEqual(tally(expected));
    });

    it(`${name}: with suppression comments, only what trust left unsuppressed is reported`, async () => {
      const { reported, expected, unused, result } = await stillReported(dir, true);
      expect(tally(reported)).toEqual(tally(expected));
      expect(unused, 'every suppression comment silences a report').toEqual([]);
      for (const o of result.first.outcomes.filter((x) => x.mitigation))
        expect(o.mitigation!.suppression ?? o.mitigation!.unsuppressed, 'says what it wrote').toBeTruthy();
    });
  }

  it('the ESLint rule still reports a contained path and an escaped pattern (so they are mitigated, not fixed)', async () => {
    const fixed = await runFixtureCase(join(here, 'fixtures/path-containment/fs-calls'), CODEMODS);
    const [lint] = await linter().lintText(fixed.files[0]!.actual, { filePath: join(here, 'x.js') });
    const fs = lint!.messages.filter((m) => m.ruleId === 'security/detect-non-literal-fs-filename');
    expect(fs.map((m) => m.line)).toEqual([7, 12, 16, 20, 24]);
    expect(fixed.files[0]!.actual.split('\n')[6]).toContain(
      "safeJoin('uploads/complaints', String(fileName))",
    );
    expect(fixed.mitigated.map((m) => m.line)).toEqual([7, 12, 16, 20, 24]);
  });
});
