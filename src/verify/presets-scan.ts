/**
 * verify/presets-scan: the scan command that re-runs the scanner the ingested SARIF came from
 * (`run.tool.driver.name`: "ESLint", "Semgrep OSS", "Bandit", "CodeQL"), when the repository
 * has what it needs: the project's own eslint and the SARIF formatter, semgrep or bandit on
 * PATH, a CodeQL database. What cannot be detected is said in a note rather than guessed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDir, isFile, localBin, onPath, readText } from './presets-probe.js';
import type { VerifyCommand } from './types.js';

const MINUTE = 60_000;

export interface ScanPreset {
  id: string;
  scan?: VerifyCommand;
  /** Why the scanner was recognised but no command could be made, or what was assumed. */
  note?: string;
}

type Detector = (root: string, env: NodeJS.ProcessEnv) => ScanPreset;

const DETECTORS: [RegExp, Detector][] = [
  [/eslint/i, eslint],
  [/semgrep/i, semgrep],
  [/bandit/i, bandit],
  [/codeql/i, codeql],
];

/** One preset per recognised tool, in the order the tools were named. */
export function detectScans(
  root: string,
  tools: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ScanPreset[] {
  const out: ScanPreset[] = [];
  for (const tool of tools) {
    const detector = DETECTORS.find(([pattern]) => pattern.test(tool))?.[1];
    if (!detector || out.some((p) => p.id === detector.name)) continue;
    out.push(detector(root, env));
  }
  return out;
}

function eslint(root: string): ScanPreset {
  const bin = localBin(root, 'eslint');
  if (!bin)
    return { id: 'eslint', note: 'ESLint: the project has no local eslint (node_modules/.bin/eslint)' };
  if (!isDir(join(root, 'node_modules/@microsoft/eslint-formatter-sarif'))) {
    return {
      id: 'eslint',
      note: 'ESLint: the SARIF formatter is not installed (npm install -D @microsoft/eslint-formatter-sarif)',
    };
  }
  const command = `${bin} -f @microsoft/eslint-formatter-sarif -o {sarif} .`;
  return { id: 'eslint', scan: { name: 'eslint', command, timeoutMs: 10 * MINUTE } };
}

const SEMGREP_CONFIGS = ['.semgrep.yml', '.semgrep.yaml', 'semgrep.yml', 'semgrep.yaml', '.semgrep'];

function semgrep(root: string, env: NodeJS.ProcessEnv): ScanPreset {
  if (!onPath('semgrep', env)) return { id: 'semgrep', note: 'Semgrep: semgrep is not on PATH' };
  const base = 'semgrep scan --sarif --output {sarif} --metrics off';
  const local = SEMGREP_CONFIGS.find((c) => isFile(join(root, c)) || isDir(join(root, c)));
  const timeoutMs = 15 * MINUTE;
  if (local)
    return { id: 'semgrep', scan: { name: 'semgrep', command: `${base} --config ${local}`, timeoutMs } };
  // semgrep reads SEMGREP_RULES when no --config is given: the rules CI scanned with.
  if (env.SEMGREP_RULES) return { id: 'semgrep', scan: { name: 'semgrep', command: base, timeoutMs } };
  return {
    id: 'semgrep',
    scan: { name: 'semgrep', command: 'semgrep scan --sarif --output {sarif} --config auto', timeoutMs },
    note: 'Semgrep: the SARIF does not say which rules it ran and the repository has no .semgrep.yml; using --config auto (fetches rules from the registry)',
  };
}

function bandit(root: string, env: NodeJS.ProcessEnv): ScanPreset {
  if (!onPath('bandit', env)) return { id: 'bandit', note: 'Bandit: bandit is not on PATH' };
  const args = `-r .${banditConfig(root)}${banditExcludes(root)}`;
  const timeoutMs = 10 * MINUTE;
  if (banditFormats(env).includes('sarif')) {
    return {
      id: 'bandit',
      scan: { name: 'bandit', command: `bandit ${args} -f sarif -o {sarif}`, timeoutMs },
    };
  }
  // An older Bandit (Debian 12 has 1.6.2) writes JSON; trust converts it to SARIF.
  const command = `${quote(process.execPath)} ${quote(banditScript())} {sarif} ${args}`;
  return {
    id: 'bandit',
    scan: { name: 'bandit', command, timeoutMs },
    note: 'Bandit: this bandit has no SARIF formatter (built in from 1.7.8); its JSON report is converted by trust',
  };
}

/** The formats `bandit -h` lists ("-f {csv,custom,html,json,…}"). */
function banditFormats(env: NodeJS.ProcessEnv): string[] {
  const help = spawnSync('bandit', ['-h'], { encoding: 'utf8', env, timeout: 30_000 });
  const list = /-f \{([^}]*)\}/.exec(`${help.stdout ?? ''}`)?.[1];
  return list ? list.split(',').map((f) => f.trim()) : [];
}

function banditConfig(root: string): string {
  return /^\[tool\.bandit\]/m.test(readText(join(root, 'pyproject.toml')) ?? '') ? ' -c pyproject.toml' : '';
}

/** `-x` replaces Bandit's default excludes, so they are repeated with the virtualenvs found. */
function banditExcludes(root: string): string {
  const extra = ['.venv', 'venv', 'node_modules'].filter((d) => isDir(join(root, d)));
  if (extra.length === 0) return '';
  const defaults = ['.svn', 'CVS', '.bzr', '.hg', '.git', '__pycache__', '.tox', '.eggs', '*.egg'];
  return ` -x ${[...defaults, ...extra.map((d) => `./${d}`)].join(',')}`;
}

function banditScript(): string {
  const here = fileURLToPath(import.meta.url);
  // Built: dist/src/verify/bandit-to-sarif.js beside this file; from source (tests): the built copy.
  return here.endsWith('.ts')
    ? join(dirname(here), '../../dist/src/verify/bandit-to-sarif.js')
    : join(dirname(here), 'bandit-to-sarif.js');
}

/** Interpreted languages: a database is re-created from the source alone, with no build. */
const NO_BUILD = new Set(['javascript', 'typescript', 'python', 'ruby']);

function codeql(root: string, env: NodeJS.ProcessEnv): ScanPreset {
  if (!onPath('codeql', env)) return { id: 'codeql', note: 'CodeQL: codeql is not on PATH' };
  const db = codeqlDatabase(root);
  if (!db)
    return {
      id: 'codeql',
      note: 'CodeQL: no database in the repository (a folder with codeql-database.yml)',
    };
  const language = /^primaryLanguage:\s*"?(\w+)/m.exec(
    readText(join(root, db.path, 'codeql-database.yml')) ?? '',
  )?.[1];
  if (!language || !NO_BUILD.has(language)) {
    return {
      id: 'codeql',
      note: `CodeQL: the database ${db.path} (${language ?? 'unknown language'}) needs the project's build to be re-created after the fixes; set verify.scan`,
    };
  }
  // The database holds the code before the fixes, so it is re-created before it is analyzed.
  const script = `codeql database create "$0" --overwrite --language=${language} --source-root=. >&2 && codeql database analyze "$0" --format=sarif-latest --output="$1"`;
  const command = `sh -c ${quote(script)} ${quote(db.path)} {sarif}`;
  return { id: 'codeql', scan: { name: 'codeql', command, timeoutMs: 30 * MINUTE } };
}

/** A top-level folder, or one under .codeql/, holding a CodeQL database. */
function codeqlDatabase(root: string): { path: string } | undefined {
  const candidates = (dir: string) => {
    try {
      return readdirSync(join(root, dir), { withFileTypes: true })
        .filter((e) => e.isDirectory() && e.name !== 'node_modules' && e.name !== '.git')
        .map((e) => (dir === '.' ? e.name : `${dir}/${e.name}`));
    } catch {
      return [];
    }
  };
  const found = [...candidates('.'), ...candidates('.codeql')].find((d) =>
    isFile(join(root, d, 'codeql-database.yml')),
  );
  return found ? { path: found } : undefined;
}

/** Quoted for the engine's argv splitting (string-argv: quotes, no shell). */
function quote(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return arg.includes("'") ? `"${arg}"` : `'${arg}'`;
}
