import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectVerify, resolveVerify } from './presets.js';
import { onPath } from './presets-probe.js';

const REPO_MODULES = resolve(import.meta.dirname, '../../node_modules');
const dirs: string[] = [];

/** A project folder from an inline tree; `node_modules: true` links this repository's real install. */
function project(files: Record<string, string>, options: { modules?: boolean } = {}): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'trust-presets-')));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  if (options.modules) symlinkSync(REPO_MODULES, join(dir, 'node_modules'));
  return dir;
}

/**
 * A PATH holding executables of these names, for detection only: semgrep and CodeQL are not on
 * this machine, and detection looks for them on PATH without running them (each exits 1).
 */
function pathWith(...names: string[]): NodeJS.ProcessEnv {
  const bin = project({});
  for (const name of names) {
    writeFileSync(join(bin, name), '#!/bin/sh\nexit 1\n');
    chmodSync(join(bin, name), 0o755);
  }
  return { PATH: bin };
}

const EMPTY_PATH = { PATH: '' };

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('scan presets from the SARIF tool', () => {
  it('ESLint: the project eslint with the SARIF formatter, when both are installed', () => {
    const dir = project({ 'eslint.config.js': 'export default [];\n' }, { modules: true });
    const config = detectVerify(dir, ['ESLint'], { env: EMPTY_PATH });
    expect(config?.scan).toEqual({
      name: 'eslint',
      command: 'node_modules/.bin/eslint -f @microsoft/eslint-formatter-sarif -o {sarif} .',
      timeoutMs: 600_000,
    });
    expect(config?.source).toBe('preset:eslint');
  });

  it('ESLint without the SARIF formatter: no scan, and a note saying what to install', () => {
    const dir = project({});
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    symlinkSync(join(REPO_MODULES, '.bin/eslint'), join(dir, 'node_modules/.bin/eslint'));
    const { config, notes } = resolveVerify(undefined, dir, ['ESLint'], { env: EMPTY_PATH });
    expect(config).toBeUndefined();
    expect(notes).toEqual([expect.stringContaining('npm install -D @microsoft/eslint-formatter-sarif')]);
  });

  it('Semgrep: the repository rule file, then SEMGREP_RULES, then --config auto with a note', () => {
    const withRules = project({ '.semgrep.yml': 'rules: []\n' });
    expect(detectVerify(withRules, ['Semgrep OSS'], { env: pathWith('semgrep') })?.scan?.command).toBe(
      'semgrep scan --sarif --output {sarif} --metrics off --config .semgrep.yml',
    );
    const bare = project({});
    const env = { ...pathWith('semgrep'), SEMGREP_RULES: 'p/ci' };
    expect(detectVerify(bare, ['semgrep'], { env })?.scan?.command).toBe(
      'semgrep scan --sarif --output {sarif} --metrics off',
    );
    const auto = resolveVerify(undefined, bare, ['Semgrep OSS'], { env: pathWith('semgrep') });
    expect(auto.config?.scan?.command).toBe('semgrep scan --sarif --output {sarif} --config auto');
    expect(auto.notes[0]).toMatch(/does not say which rules/);
  });

  it('a scanner that is not installed gives no command, and says so', () => {
    const { config, notes } = resolveVerify(undefined, project({}), ['Semgrep OSS', 'CodeQL'], {
      env: EMPTY_PATH,
    });
    expect(config).toBeUndefined();
    expect(notes).toEqual(['Semgrep: semgrep is not on PATH', 'CodeQL: codeql is not on PATH']);
  });

  it('CodeQL: only with a database; one of an interpreted language is re-created, then analyzed', () => {
    const env = pathWith('codeql');
    expect(resolveVerify(undefined, project({}), ['CodeQL'], { env }).notes[0]).toMatch(/no database/);
    const js = project({
      'codeql-db/codeql-database.yml': 'sourceLocationPrefix: /x\nprimaryLanguage: "javascript"\n',
    });
    const scan = detectVerify(js, ['CodeQL'], { env })?.scan;
    expect(scan?.command).toContain('codeql database analyze "$0" --format=sarif-latest --output="$1"');
    expect(scan?.command).toContain('--overwrite --language=javascript');
    expect(scan?.command.endsWith(' codeql-db {sarif}')).toBe(true);
    const java = project({ '.codeql/db/codeql-database.yml': 'primaryLanguage: "java"\n' });
    const { config, notes } = resolveVerify(undefined, java, ['CodeQL'], { env });
    expect(config).toBeUndefined();
    expect(notes[0]).toMatch(/\.codeql\/db \(java\) needs the project's build/);
  });

  it('one scan command: the first tool with a command, the other named in a note', () => {
    const dir = project({ '.semgrep.yml': 'rules: []\n' }, { modules: true });
    const { config, notes } = resolveVerify(undefined, dir, ['ESLint', 'Semgrep OSS'], {
      env: pathWith('semgrep'),
    });
    expect(config?.scan?.name).toBe('eslint');
    expect(notes).toEqual(['semgrep: only one scan command runs; set verify.scan to choose']);
  });

  it('tools it has no preset for are left alone', () => {
    expect(detectVerify(project({}), ['gosec', 'Trivy'], { env: EMPTY_PATH })).toBeUndefined();
  });

  it.skipIf(!onPath('bandit'))(
    'Bandit (installed here): -f sarif when it has the formatter, else the JSON converter',
    () => {
      const dir = project({ 'app.py': 'import pickle\n' });
      const scan = detectVerify(dir, ['Bandit'])?.scan;
      expect(scan?.name).toBe('bandit');
      expect(scan?.command).toMatch(
        /^bandit -r \. -f sarif -o \{sarif\}$|bandit-to-sarif\.js \{sarif\} -r \.$/,
      );
    },
  );
});

describe('check presets from the repository', () => {
  it('tsc --noEmit with tsconfig.json and a local typescript; npm test for a real test script', () => {
    const dir = project(
      { 'tsconfig.json': '{}\n', 'package.json': JSON.stringify({ scripts: { test: 'node --test' } }) },
      { modules: true },
    );
    expect(detectVerify(dir, [], { env: EMPTY_PATH })).toEqual({
      checks: [
        { name: 'typecheck', command: 'node_modules/.bin/tsc --noEmit -p tsconfig.json', timeoutMs: 300_000 },
        { name: 'tests', command: 'npm test', timeoutMs: 900_000 },
      ],
      source: 'preset:tsc+npm-test',
    });
  });

  it("ignores npm's default test script, and tsconfig.json without a local typescript", () => {
    const dir = project({
      'tsconfig.json': '{}\n',
      'package.json': JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }),
    });
    expect(detectVerify(dir, [], { env: EMPTY_PATH })).toBeUndefined();
  });

  it('pytest from pytest.ini, [tool.pytest.ini_options], setup.cfg, or a tests folder with tests', () => {
    const cases: Record<string, string>[] = [
      { 'pytest.ini': '[pytest]\n' },
      { 'pyproject.toml': '[project]\nname = "x"\n\n[tool.pytest.ini_options]\naddopts = "-q"\n' },
      { 'setup.cfg': '[tool:pytest]\n' },
      { 'tests/test_app.py': 'def test_ok():\n    pass\n' },
    ];
    for (const files of cases) {
      expect(detectVerify(project(files), [], { env: EMPTY_PATH })?.checks, JSON.stringify(files)).toEqual([
        { name: 'tests', command: 'python3 -m pytest -q', timeoutMs: 900_000 },
      ]);
    }
    expect(detectVerify(project(cases[0]!), [], { env: pathWith('pytest') })?.checks[0]?.command).toBe(
      'pytest -q',
    );
    expect(detectVerify(project({ 'tests/data.json': '{}' }), [], { env: EMPTY_PATH })).toBeUndefined();
  });

  it('mvn -q test for pom.xml, the Maven wrapper when the project has one', () => {
    expect(
      detectVerify(project({ 'pom.xml': '<project/>\n' }), [], { env: EMPTY_PATH })?.checks[0]?.command,
    ).toBe('mvn -q test');
    const wrapped = project({ 'pom.xml': '<project/>\n', mvnw: '#!/bin/sh\n' });
    chmodSync(join(wrapped, 'mvnw'), 0o755);
    expect(detectVerify(wrapped, [], { env: EMPTY_PATH })?.checks[0]?.command).toBe('./mvnw -q test');
  });

  it('two test suites keep apart in the report: the second is named by its preset', () => {
    const dir = project({
      'package.json': JSON.stringify({ scripts: { test: 'vitest run' } }),
      'pytest.ini': '',
    });
    expect(detectVerify(dir, [], { env: EMPTY_PATH })?.checks.map((c) => c.name)).toEqual([
      'tests',
      'pytest',
    ]);
  });
});

describe('explicit verify config wins field by field', () => {
  const files = {
    'tsconfig.json': '{}\n',
    'package.json': JSON.stringify({ scripts: { test: 'node --test' } }),
  };

  it('an explicit scan replaces the preset scan; the detected checks stay', () => {
    const dir = project(files, { modules: true });
    const scan = { name: 'semgrep', command: 'semgrep scan --config p/ci --sarif --output {sarif}' };
    const { config } = resolveVerify({ scan }, dir, ['ESLint'], { env: EMPTY_PATH });
    expect(config?.scan).toBe(scan);
    expect(config?.checks.map((c) => c.name)).toEqual(['typecheck', 'tests']);
    expect(config?.source).toBe('config+preset:tsc+npm-test');
  });

  it('explicit checks replace the detected list (even an empty one); the preset scan stays', () => {
    const dir = project(files, { modules: true });
    const checks = [{ name: 'unit', command: 'npm run test:unit', timeoutMs: 1000 }];
    const config = resolveVerify({ checks, runBudget: 4 }, dir, ['ESLint'], { env: EMPTY_PATH }).config;
    expect(config).toEqual({
      scan: expect.objectContaining({ name: 'eslint' }),
      checks,
      runBudget: 4,
      source: 'config+preset:eslint',
    });
    expect(resolveVerify({ checks: [] }, dir, [], { env: EMPTY_PATH }).config?.checks).toEqual([]);
  });

  it('a config that sets both is used as it is', () => {
    const dir = project(files, { modules: true });
    const explicit = {
      scan: { name: 's', command: 'scan {sarif}' },
      checks: [{ name: 'c', command: 'make check' }],
    };
    expect(resolveVerify(explicit, dir, ['ESLint'], { env: EMPTY_PATH }).config).toEqual({
      ...explicit,
      source: 'config',
    });
  });
});
