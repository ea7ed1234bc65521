/**
 * test/helpers/real-code/scan: the scanners of a real-code run, in-process. The security scan is
 * real ESLint with eslint-plugin-security's recommended config and @microsoft/eslint-plugin-sdl's
 * `common` and `node` configs (its `recommended` also registers its own older copy of the
 * `security` plugin, which ESLint refuses next to ours), turned into SARIF by
 * @microsoft/eslint-formatter-sarif. The project's own lint is its shipped flat config, run as is.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';

const require = createRequire(import.meta.url);
const formatSarif = require('@microsoft/eslint-formatter-sarif') as (
  results: ESLint.LintResult[],
  data: { rulesMeta: Record<string, unknown> },
) => string;
// Neither plugin ships type declarations.
const security = require('eslint-plugin-security') as { configs: { recommended: Linter.Config } };
const sdl = require('@microsoft/eslint-plugin-sdl') as { configs: Record<string, Linter.Config[]> };

/** One lint message with the repository-relative path of its file. */
export interface Message {
  path: string;
  ruleId: string | null;
  line: number;
  message: string;
  fatal: boolean;
}

export interface SecurityScan {
  sarif: string;
  messages: Message[];
}

function relative(dir: string, file: string): string {
  return file.slice(dir.length + 1).replaceAll('\\', '/');
}

function flatten(dir: string, results: ESLint.LintResult[]): Message[] {
  return results.flatMap((r) =>
    r.messages.map((m) => ({
      path: relative(dir, r.filePath),
      ruleId: m.ruleId,
      line: m.line,
      message: m.message,
      fatal: m.fatal === true,
    })),
  );
}

export async function securityScan(
  dir: string,
  patterns: string[],
  sourceType: 'commonjs' | 'module',
): Promise<SecurityScan> {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      security.configs.recommended,
      ...sdl.configs.common!,
      ...sdl.configs.node!,
      { languageOptions: { ecmaVersion: 'latest', sourceType } },
    ],
  });
  const results = await eslint.lintFiles(patterns);
  return {
    sarif: formatSarif(results, { rulesMeta: eslint.getRulesMetaForResults(results) }),
    messages: flatten(dir, results),
  };
}

/**
 * The project's own ESLint flat config (found from `dir`, as `npx eslint` there would) over the
 * given texts, each linted as the file at its path (so the same config applies before and after).
 */
export async function ownLint(dir: string, files: { path: string; text: string }[]): Promise<Message[]> {
  const eslint = new ESLint({ cwd: dir });
  const out: Message[] = [];
  for (const f of files) {
    if (f.text === '' || (await eslint.isPathIgnored(join(dir, f.path)))) continue;
    out.push(...flatten(dir, await eslint.lintText(f.text, { filePath: join(dir, f.path) })));
  }
  return out;
}
