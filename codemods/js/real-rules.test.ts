/**
 * A fix the scanner still reports is no fix: the fixtures of the codemods below are fixed, and
 * their output linted again with the REAL rule (ESLint 9 in process, eslint-plugin-security,
 * @microsoft/eslint-plugin-sdl). What the rule still reports must be exactly what the codemod
 * left unfixed with a reason, place for place (a reported line's text, since an added import
 * moves the line numbers); every fixed place must be silent.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { fixtureCases, runFixtureCase } from '../../src/fix/fixture-suite.js';
import { CODEMODS } from '../index.js';
import { blankTypes } from './fixtures/blank-types.mjs';

const require = createRequire(import.meta.url);
// Neither plugin ships type declarations.
const security = require('eslint-plugin-security') as { configs: { recommended: Linter.Config } };
const sdl = require('@microsoft/eslint-plugin-sdl') as NonNullable<Linter.Config['plugins']>[string];
const here = dirname(fileURLToPath(import.meta.url));

const CHECKED: Record<string, string> = {
  'https-url': '@microsoft/sdl/no-insecure-url',
  'timing-safe-equal': 'security/detect-possible-timing-attacks',
};

const eslint = new ESLint({
  cwd: here,
  overrideConfigFile: true,
  overrideConfig: [
    security.configs.recommended,
    { plugins: { '@microsoft/sdl': sdl }, rules: { '@microsoft/sdl/no-insecure-url': 'error' } },
    { languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
    { files: ['**/*.ts', '**/*.mts', '**/*.cts'] },
    { files: ['**/*.jsx'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
  ],
});

/** The text of each line the rule reports in `text`, trimmed. */
async function reportedLines(path: string, text: string, rule: string): Promise<string[]> {
  const code = /\.[cm]?ts$/.test(path) ? blankTypes(text, path) : text;
  const [result] = await eslint.lintText(code, { filePath: join(here, path) });
  const lines = text.split('\n');
  return result!.messages
    .filter((m) => m.ruleId === rule)
    .map((m) => lines[m.line - 1]!.trim())
    .sort();
}

for (const [name, rule] of Object.entries(CHECKED)) {
  describe(`${rule} after trust:js/${name}`, () => {
    for (const dir of fixtureCases(join(here, 'fixtures', name))) {
      it(`${relative(join(here, 'fixtures'), dir)}: the rule reports only what was left unfixed`, async () => {
        const result = await runFixtureCase(dir, CODEMODS);
        let before = 0;
        for (const file of result.files) {
          const original = readFileSync(join(dir, file.path), 'utf8');
          before += (await reportedLines(file.path, original, rule)).length;
          const lines = original.split('\n');
          const leftAlone = result.unfixed
            .filter((u) => u.path === file.path && u.rule === rule)
            .map((u) => lines[u.line - 1]!.trim())
            .sort();
          expect(await reportedLines(file.path, file.actual, rule), file.path).toEqual(leftAlone);
        }
        // Every place the rule reported is accounted for: fixed, or left with a reason.
        expect(result.fixedCount + result.unfixed.length).toBe(before);
      });
    }
  });
}
