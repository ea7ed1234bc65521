/**
 * bench/verify-project: the sample project bench/verify runs `trust fix --verify` on: an ES
 * module package linted by the real ESLint 9 with eslint-plugin-security (this checkout's
 * node_modules, linked in, so the @microsoft/eslint-formatter-sarif preset applies), a
 * `node --test` suite of `cases` tests per module, and five findings: pseudoRandomBytes
 * (secure-random fixes it), a timing-unsafe comparison (timing-safe-equal), a command run
 * through a shell (child-process-no-shell), a user-built regular expression (regexp-escape
 * mitigates it; ESLint still reports it) and an intended one (left unfixed). The suite runs
 * `ls` on a glob, so the no-shell fix breaks it: that fix is the one the verifier must find
 * and drop, which costs it bisect runs.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { simpleGit } from 'simple-git';

const FILES: Record<string, string> = {
  '.gitignore': 'node_modules\n',
  'package.json': `${JSON.stringify({ name: 'verify-sample', private: true, type: 'module', scripts: { test: 'node --test test/' } }, null, 2)}\n`,
  'eslint.config.js': [
    "import security from 'eslint-plugin-security';",
    '',
    'export default [',
    "  { files: ['**/*.js', '**/*.cjs'], plugins: { security }, rules: {",
    "    'security/detect-pseudoRandomBytes': 'error',",
    "    'security/detect-possible-timing-attacks': 'error',",
    "    'security/detect-non-literal-regexp': 'error',",
    "    'security/detect-child-process': 'error',",
    '  } },',
    '];',
    '',
  ].join('\n'),
  'src/session.js': [
    "import crypto from 'node:crypto';",
    '',
    'export function newSessionId() {',
    "  return crypto.pseudoRandomBytes(16).toString('hex');",
    '}',
    '',
  ].join('\n'),
  'src/auth.js': [
    'export function checkToken(req, expected) {',
    '  const token = req.headers.token;',
    '  if (token === expected) {',
    '    return true;',
    '  }',
    '  return false;',
    '}',
    '',
  ].join('\n'),
  'src/search.js': [
    'export function matchesQuery(title, query) {',
    "  return new RegExp(query, 'i').test(title);",
    '}',
    '',
  ].join('\n'),
  'src/files.cjs': [
    "const cp = require('child_process');",
    '',
    'function listFiles(pattern, done) {',
    "  cp.exec('ls -d ' + pattern, (err, stdout) => done(err, String(stdout).trim()));",
    '}',
    '',
    'module.exports = { listFiles };',
    '',
  ].join('\n'),
  'src/route.js': [
    'export function matchesRoute(path, pattern) {',
    "  return new RegExp('^' + pattern + '$').test(path);",
    '}',
    '',
  ].join('\n'),
};

function tests(cases: number): Record<string, string> {
  const block = (file: string, head: string, body: (i: number) => string) =>
    [file, [head, ...Array.from({ length: cases }, (_, i) => body(i)), ''].join('\n')] as const;
  return Object.fromEntries([
    block(
      'test/session.test.js',
      "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { newSessionId } from '../src/session.js';",
      (i) =>
        `test('session id ${i} is 32 hex digits', () => assert.match(newSessionId(), /^[0-9a-f]{32}$/));`,
    ),
    block(
      'test/auth.test.js',
      "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { checkToken } from '../src/auth.js';",
      (i) =>
        `test('token ${i}', () => { assert.equal(checkToken({ headers: { token: 't${i}' } }, 't${i}'), true); assert.equal(checkToken({ headers: { token: 'x' } }, 't${i}'), false); });`,
    ),
    block(
      'test/search.test.js',
      "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { matchesQuery } from '../src/search.js';",
      (i) =>
        `test('query ${i} matches its title', () => assert.equal(matchesQuery('Item ${i} (draft)', 'item ${i}'), true));`,
    ),
    block(
      'test/route.test.js',
      "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { matchesRoute } from '../src/route.js';",
      (i) => `test('route ${i}', () => assert.equal(matchesRoute('/users/${i}', '/users/\\\\d+'), true));`,
    ),
    block(
      'test/files.test.js',
      "import assert from 'node:assert/strict';\nimport { createRequire } from 'node:module';\nimport { test } from 'node:test';\nconst { listFiles } = createRequire(import.meta.url)('../src/files.cjs');",
      // The pattern is a shell glob on purpose: running ls without a shell breaks this suite.
      (i) =>
        `test('glob ${i}', (t, done) => listFiles('*.json', (err, out) => { assert.ifError(err); assert.equal(out, 'package.json'); done(); }));`,
    ),
  ]);
}

/** Writes the project into `dir` (empty) as one commit on main; node_modules links to `modules`. */
export async function writeSampleProject(dir: string, modules: string, cases: number): Promise<void> {
  for (const [path, text] of Object.entries({ ...FILES, ...tests(cases) })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  symlinkSync(modules, join(dir, 'node_modules'));
  const git = simpleGit(dir);
  await git.init(['--initial-branch', 'main']);
  await git.addConfig('user.name', 'trust bench');
  await git.addConfig('user.email', 'bench@trust.invalid');
  await git.addConfig('commit.gpgsign', 'false');
  await git.add('.');
  await git.commit('sample project');
}
