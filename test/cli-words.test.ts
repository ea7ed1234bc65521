/**
 * The command line itself: list options take one value per use, so SARIF files after them
 * are still SARIF files; an unknown command is exit 2 with one line whatever follows it;
 * descriptions are wrapped once, by commander, not twice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/commands.js';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { REPO_ROOT, runTrust } from './helpers/run-trust.js';

const FIXTURE = join(REPO_ROOT, 'test/e2e/fixtures/multi-fix');

describe('list options before the SARIF files', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    const read = (name: string) => readFileSync(join(FIXTURE, name), 'utf8');
    repo = await makeGitRepo({
      'server.js': read('server.js'),
      'codeql.sarif': read('codeql.sarif'),
      'eslint.sarif': read('eslint.sarif'),
    });
  });
  afterAll(() => repo.cleanup());

  it('trust fix --only <codemod> a.sarif b.sarif reads both files', async () => {
    const r = await runTrust(
      ['fix', '--only', 'js/secure-random', 'codeql.sarif', 'eslint.sarif', '--dry-run', '--json'],
      { cwd: repo.dir },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const data = JSON.parse(r.stdout) as { fixed: { codemod: string }[]; unfixed: { rule: string }[] };
    expect(data.fixed.map((f) => f.codemod)).toEqual(['trust:js/secure-random', 'trust:js/secure-random']);
    // eslint.sarif was read too: its child-process finding is there, unfixed under --only.
    expect(data.unfixed.map((u) => u.rule)).toContain('security/detect-child-process');
  });

  it('--level, --tool, --path, --rule: repeated or comma lists, then the files', async () => {
    const all = await runTrust(['findings', 'codeql.sarif', 'eslint.sarif', '--json'], { cwd: repo.dir });
    const total = (JSON.parse(all.stdout) as unknown[]).length;
    const r = await runTrust(
      [
        'findings',
        '--level',
        'error,warning',
        '--level',
        'note',
        '--tool',
        'CodeQL,ESLint',
        '--path',
        '{server,client}.js',
        '--rule',
        'js/*',
        '--rule',
        'security/*',
        'codeql.sarif',
        'eslint.sarif',
        '--json',
      ],
      { cwd: repo.dir },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(total);
    const codeqlOnly = await runTrust(
      ['findings', '--tool', 'codeql', 'codeql.sarif', 'eslint.sarif', '--json'],
      {
        cwd: repo.dir,
      },
    );
    const tools = (JSON.parse(codeqlOnly.stdout) as { tool: { name: string } }[]).map((f) => f.tool.name);
    expect(new Set(tools)).toEqual(new Set(['CodeQL']));
    expect(tools.length).toBeLessThan(total);
  });

  it('a bad value inside a comma list is exit 2 naming it', async () => {
    const r = await runTrust(['findings', '--level', 'error,critical', 'codeql.sarif'], { cwd: repo.dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toContain('"critical" is not one of error, warning, note, none');
  });
});

describe('unknown commands', () => {
  it.each([
    [['fixx', '--help'], "unknown command 'fixx' (did you mean 'fix'?)"],
    [['fixx'], "unknown command 'fixx' (did you mean 'fix'?)"],
    [
      ['-C', '.', '--log-db', 'x.db', 'trage', '-h', '--json'],
      "unknown command 'trage' (did you mean 'triage'?)",
    ],
    [['log', 'verfy', '--help'], "unknown command 'log verfy' (did you mean 'verify'?)"],
    [['zzzzzz', '--version'], "unknown command 'zzzzzz'; run 'trust --help'"],
  ])('trust %j: exit 2, one line', async (args, message) => {
    const r = await runTrust(args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`trust: ${message}`);
    if (!args.includes('--json')) expect(r.stdout).toBe('');
  });

  it('known commands still show their help, exit 0', async () => {
    for (const args of [
      ['fix', '--help'],
      ['-C', '.', 'log', 'verify', '--help'],
      ['help', 'triage'],
    ]) {
      const r = await runTrust(args);
      expect(r.exitCode, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: trust /);
    }
  });
});

describe('help descriptions are wrapped once', () => {
  /** The description block of `trust <command> --help`: from after "Usage:" to "Options:". */
  function descriptionLines(help: string): string[] {
    const lines = help.split('\n');
    const end = lines.findIndex((l) => /^(Options|Arguments|Commands):/.test(l));
    return lines.slice(2, end === -1 ? undefined : end - 1);
  }

  it.each(COMMANDS.filter((c) => c.description).map((c) => [c.name] as const))(
    'trust %s --help: a line breaks only where the next word would not fit in 80 columns',
    async (name) => {
      const r = await runTrust([...name.split(' '), '--help']);
      expect(r.exitCode).toBe(0);
      const lines = descriptionLines(r.stdout);
      expect(lines.length).toBeGreaterThan(0);
      for (let i = 0; i < lines.length - 1; i++) {
        const next = lines[i + 1]!.split(' ')[0]!;
        if (!lines[i] || !next) continue;
        expect(`${lines[i]} ${next}`.length, `${JSON.stringify(lines[i])} then ${next}`).toBeGreaterThan(80);
      }
    },
  );
});
