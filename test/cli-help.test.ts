/**
 * Help texts generated from the option table: a `--no-x` flag says what the flag does (not
 * the default it turns off), `triage --help` does not promise LLM fixes, and the job summary
 * counts in English ("in 1 file").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OPTIONS } from '../src/core/options.js';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { REPO_ROOT, runTrust } from './helpers/run-trust.js';

/** The help text of `flag`, its wrapped continuation lines joined with single spaces. */
function helpLine(help: string, flag: string): string {
  const lines = help.split('\n');
  const start = lines.findIndex((l) => l.trimStart().startsWith(flag));
  expect(start, `${flag} in help`).toBeGreaterThanOrEqual(0);
  const out = [lines[start] ?? ''];
  // Commander indents a wrapped description past the flag column; the next option starts at 2.
  for (const l of lines.slice(start + 1)) {
    if (!/^ {4,}\S/.test(l)) break;
    out.push(l);
  }
  return out.map((l) => l.trim()).join(' ');
}

describe('help from the option table', () => {
  const negated = OPTIONS.filter((o) => o.flags.startsWith('--no-'));

  it('has negating flags to check', () => {
    expect(negated.map((o) => o.flags)).toEqual(
      expect.arrayContaining(['--no-color', '--no-triage', '--no-include-suppressed']),
    );
  });

  it.each(negated.map((o) => [o.flags, o] as const))(
    '%s describes what the flag does',
    async (flags, spec) => {
      const command = spec.scope === 'global' ? [] : [String(spec.scope[0])];
      const r = await runTrust([...command, '--help']);
      expect(r.exitCode).toBe(0);
      const line = helpLine(r.stdout, flags);
      expect(spec.negated, `${flags} needs a "negated" text in the option table`).toBeDefined();
      expect(line).toContain(spec.negated);
      expect(line).not.toContain(spec.description);
    },
  );

  it('trust fix --help: --no-triage fixes test code too; trust --help: --no-color turns colour off', async () => {
    const fix = await runTrust(['fix', '--help']);
    expect(helpLine(fix.stdout, '--no-triage')).toMatch(/^--no-triage\s+skip triage/);
    const root = await runTrust(['--help']);
    expect(helpLine(root.stdout, '--no-color')).toMatch(/^--no-color\s+no colour/);
  });

  it('trust triage --help: --llm classifies and does not claim to fix', async () => {
    const triage = await runTrust(['triage', '--help']);
    const line = helpLine(triage.stdout, '--llm ');
    expect(line).toContain('classify needs_review findings');
    expect(line).not.toMatch(/\bfix(es)? where/);
    const fix = await runTrust(['fix', '--help']);
    expect(helpLine(fix.stdout, '--llm ')).toContain('fixes where no codemod fits');
  });
});

describe('the job summary counts in English', () => {
  let repo: TempRepo | undefined;
  afterEach(async () => {
    await repo?.cleanup();
    repo = undefined;
  });

  it('says "in 1 file", like the log line', async () => {
    const fixture = join(REPO_ROOT, 'test/e2e/fixtures/multi-fix');
    const read = (name: string) => readFileSync(join(fixture, name), 'utf8');
    repo = await makeGitRepo({
      'server.js': read('server.js'),
      'codeql.sarif': read('codeql.sarif'),
      'eslint.sarif': read('eslint.sarif'),
    });
    const summary = join(repo.dir, 'summary.md');
    const r = await runTrust(['fix', 'codeql.sarif', 'eslint.sarif'], {
      cwd: repo.dir,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const text = readFileSync(summary, 'utf8');
    expect(text).toMatch(/Fixed \d+ of \d+ findings in 1 file\./);
    expect(text).not.toContain('1 files');
    expect(r.stdout).toMatch(/Fixed \d+ of \d+ findings in 1 file$/m);
  });
});
