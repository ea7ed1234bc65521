/**
 * `trust fix` (the built binary) on code linted by the REAL rules: @microsoft/sdl/no-insecure-url
 * and security/detect-possible-timing-attacks, in process, SARIF by @microsoft/eslint-formatter-sarif.
 * Afterwards the rules report nothing at a fixed place; every other result was left with a
 * reason, and the false positives carry the deterministic triage rule that decided them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { REPO_ROOT, runTrust } from './helpers/run-trust.js';

const require = createRequire(import.meta.url);
const formatSarif = require('@microsoft/eslint-formatter-sarif') as (
  results: ESLint.LintResult[],
  data: { rulesMeta: Record<string, unknown> },
) => string;
// Neither plugin ships type declarations.
const security = require('eslint-plugin-security') as {
  plugins?: unknown;
  configs: { recommended: Linter.Config };
};
const sdl = require('@microsoft/eslint-plugin-sdl') as NonNullable<Linter.Config['plugins']>[string];
const RULES = ['@microsoft/sdl/no-insecure-url', 'security/detect-possible-timing-attacks'];
const FIXTURES = join(REPO_ROOT, 'codemods/js/fixtures');
const FILES = {
  'src/client.js': 'https-url/basic/client.js',
  'src/markup.js': 'https-url/left-alone/markup.js',
  'src/webhook.js': 'timing-safe-equal/basic/webhook.js',
  'src/checks.js': 'timing-safe-equal/left-alone/checks.js',
};

async function lint(dir: string): Promise<{ sarif: string; places: string[] }> {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      security.configs.recommended,
      { plugins: { '@microsoft/sdl': sdl }, rules: { '@microsoft/sdl/no-insecure-url': 'error' } },
      { languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
    ],
  });
  const results = (await eslint.lintFiles(Object.keys(FILES))).map((r) => {
    const messages = r.messages.filter((m) => RULES.includes(m.ruleId ?? ''));
    return { ...r, messages, errorCount: 0, warningCount: messages.length };
  });
  // A place is the rule and the reported line's text (added imports move line numbers).
  const places = results.flatMap((r) => {
    const lines = readFileSync(r.filePath, 'utf8').split('\n');
    return r.messages.map((m) => `${m.ruleId} ${lines[m.line - 1]!.trim()}`);
  });
  return {
    sarif: formatSarif(results, { rulesMeta: eslint.getRulesMetaForResults(results) }),
    places: places.sort(),
  };
}

describe('trust fix: insecure URLs and timing attacks, checked with the real rules', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await makeGitRepo(
      Object.fromEntries(Object.entries(FILES).map(([to, from]) => [to, readFileSync(join(FIXTURES, from))])),
    );
  });
  afterAll(async () => repo?.cleanup());

  it('fixes the real findings, triages the false positives, and the rules report only what is left', async () => {
    const before = await lint(repo.dir);
    writeFileSync(join(repo.dir, '..', 'url-timing.sarif'), before.sarif);
    const r = await runTrust(['fix', join(repo.dir, '..', 'url-timing.sarif'), '--json'], { cwd: repo.dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      fixed: { codemod: string }[];
      unfixed: { rule: string; path: string; line: number; reason: string }[];
    };
    expect(out.fixed.filter((f) => f.codemod === 'trust:js/https-url')).toHaveLength(5);
    expect(out.fixed.filter((f) => f.codemod === 'trust:js/timing-safe-equal')).toHaveLength(2);
    expect(out.fixed.length + out.unfixed.length).toBe(before.places.length);
    const triaged = out.unfixed.filter((u) => u.reason.startsWith('triaged false_positive'));
    expect(triaged.length).toBe(17);
    for (const u of triaged)
      expect(u.reason).toMatch(/\[trust\/(insecure-url-(not-fetched|local)|timing-attack-no-secret)\]/);
    // Left for review by the rule that judged the place, with its reason, said once.
    for (const u of out.unfixed.filter((x) => !triaged.includes(x)))
      expect(u.reason).toMatch(/^needs_review: .+ \[trust\/(insecure-url|timing-attack)-review\]$/);

    const after = await lint(repo.dir);
    const original = Object.fromEntries(
      Object.entries(FILES).map(([to, from]) => [to, readFileSync(join(FIXTURES, from), 'utf8').split('\n')]),
    );
    const left = out.unfixed.map((u) => `${u.rule} ${original[u.path]![u.line - 1]!.trim()}`).sort();
    expect(after.places).toEqual(left);
    expect(readFileSync(join(repo.dir, 'src/webhook.js'), 'utf8')).toMatch(
      /^function safeEqual\(a, b\) \{$/m,
    );
  });
});
