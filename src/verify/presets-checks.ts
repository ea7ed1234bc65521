/**
 * verify/presets-checks: the project's own checks, found from its files: `tsc --noEmit`
 * (tsconfig.json and a local typescript), `npm test` (a real test script), `pytest` (pytest.ini,
 * [tool.pytest…] in pyproject.toml, [tool:pytest] in setup.cfg, [pytest] in tox.ini, or a
 * tests/ folder with test files), `mvn -q test` (pom.xml; the Maven wrapper when there is one).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isDir, isExecutable, isFile, localBin, onPath, packageScripts, readText } from './presets-probe.js';
import type { VerifyCommand } from './types.js';

const MINUTE = 60_000;

/** What a detected check is, with the preset's id for `source`. */
export interface CheckPreset {
  id: string;
  check: VerifyCommand;
}

/** The script `npm init` writes: it always fails, so it is no test suite. */
const NPM_DEFAULT_TEST = /no test specified/i;

export function detectChecks(root: string, env: NodeJS.ProcessEnv = process.env): CheckPreset[] {
  return [typecheck(root), npmTest(root), pytest(root, env), maven(root)].filter(
    (p): p is CheckPreset => p !== undefined,
  );
}

function typecheck(root: string): CheckPreset | undefined {
  const tsc = localBin(root, 'tsc');
  if (!isFile(join(root, 'tsconfig.json')) || !tsc) return undefined;
  return {
    id: 'tsc',
    check: { name: 'typecheck', command: `${tsc} --noEmit -p tsconfig.json`, timeoutMs: 5 * MINUTE },
  };
}

function npmTest(root: string): CheckPreset | undefined {
  const test = packageScripts(root).test;
  if (!test || test.trim() === '' || NPM_DEFAULT_TEST.test(test)) return undefined;
  return { id: 'npm-test', check: { name: 'tests', command: 'npm test', timeoutMs: 15 * MINUTE } };
}

function pytest(root: string, env: NodeJS.ProcessEnv): CheckPreset | undefined {
  if (!hasPytestConfig(root)) return undefined;
  // Without a pytest executable on PATH, the module form still finds one installed for python3.
  const command = onPath('pytest', env) ? 'pytest -q' : 'python3 -m pytest -q';
  return { id: 'pytest', check: { name: 'tests', command, timeoutMs: 15 * MINUTE } };
}

function hasPytestConfig(root: string): boolean {
  if (isFile(join(root, 'pytest.ini'))) return true;
  if (/^\[tool\.pytest(\.ini_options)?\]/m.test(readText(join(root, 'pyproject.toml')) ?? '')) return true;
  if (/^\[tool:pytest\]/m.test(readText(join(root, 'setup.cfg')) ?? '')) return true;
  if (/^\[pytest\]/m.test(readText(join(root, 'tox.ini')) ?? '')) return true;
  const tests = ['tests', 'test'].map((d) => join(root, d)).find(isDir);
  if (!tests) return false;
  return readdirSync(tests).some((f) => /^(test_.*|.*_test)\.py$|^conftest\.py$/.test(f));
}

function maven(root: string): CheckPreset | undefined {
  if (!isFile(join(root, 'pom.xml'))) return undefined;
  // The wrapper pins the Maven version the project builds with.
  const mvn = isExecutable(join(root, 'mvnw')) ? './mvnw' : 'mvn';
  return { id: 'mvn-test', check: { name: 'tests', command: `${mvn} -q test`, timeoutMs: 30 * MINUTE } };
}
