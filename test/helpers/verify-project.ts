/**
 * test/helpers/verify-project: a small JavaScript project in a real git repository for
 * `--verify`: its own node:test suite, and the real ESLint with eslint-plugin-security writing
 * SARIF through @microsoft/eslint-formatter-sarif (this checkout's devDependencies, by
 * absolute path: the project has no node_modules of its own).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FileTree } from './git-repo.js';

const require = createRequire(import.meta.url);
export const ESLINT_BIN = join(dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');
const SECURITY = require.resolve('eslint-plugin-security');
const FORMATTER = require.resolve('@microsoft/eslint-formatter-sarif');

/** The scan command: ESLint over src/, SARIF to {sarif}. */
export const SCAN = `node ${ESLINT_BIN} -c eslint.config.cjs -f ${FORMATTER} -o {sarif} src`;

/** package.json, the ESLint config, and the given sources and tests. */
export function verifyProject(files: FileTree): FileTree {
  return {
    'package.json': `${JSON.stringify({ name: 'sample', private: true, scripts: { test: 'node --test' } }, null, 2)}\n`,
    'eslint.config.cjs': [
      `const security = require(${JSON.stringify(SECURITY)});`,
      'module.exports = [',
      '  security.configs.recommended,',
      "  { languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' } },",
      '];',
      '',
    ].join('\n'),
    ...files,
  };
}
