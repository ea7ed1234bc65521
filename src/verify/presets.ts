/**
 * verify/presets: `--verify` with no command lines for the usual stacks. The scan command is
 * chosen from the ingested SARIF's tools (presets-scan.ts), the checks from the repository's
 * files (presets-checks.ts). An explicit `verify` config wins field by field: its `scan`
 * replaces the detected one, its `checks` the detected list, its `runBudget` the default.
 * `source` says which parts came from where ("preset:eslint+tsc+npm-test",
 * "config+preset:eslint"); `notes` what was recognised but could not be used, and why.
 */
import { type CheckPreset, detectChecks } from './presets-checks.js';
import { detectScans } from './presets-scan.js';
import type { VerifyCommand, VerifyConfig } from './types.js';

export interface DetectedVerify {
  config?: VerifyConfig;
  notes: string[];
}

export interface DetectOptions {
  env?: NodeJS.ProcessEnv;
}

/** The presets that fit the repository and the SARIF's tools, or undefined when none does. */
export function detectVerify(
  repoRoot: string,
  sarifTools: string[],
  options: DetectOptions = {},
): VerifyConfig | undefined {
  return resolveVerify(undefined, repoRoot, sarifTools, options).config;
}

/**
 * The config `--verify` runs with: explicit fields first, presets for what it leaves out, and
 * notes on what was recognised but not usable. config is undefined when neither says
 * anything (the caller reports that nothing can be verified).
 */
export function resolveVerify(
  explicit: Partial<VerifyConfig> | undefined,
  repoRoot: string,
  sarifTools: readonly string[],
  options: DetectOptions = {},
): DetectedVerify {
  const env = options.env ?? process.env;
  const notes: string[] = [];
  const ids: string[] = [];
  let scan = explicit?.scan;
  if (!scan) {
    const scans = detectScans(repoRoot, sarifTools, env);
    notes.push(...scans.flatMap((s) => (s.note ? [s.note] : [])));
    // One SARIF file per scan command: the first scanner that has a command is the one re-run.
    const chosen = scans.find((s) => s.scan);
    for (const other of scans) {
      if (other.scan && other !== chosen)
        notes.push(`${other.scan.name}: only one scan command runs; set verify.scan to choose`);
    }
    if (chosen) ids.push(chosen.id);
    scan = chosen?.scan;
  }
  let checks = explicit?.checks;
  if (!checks) {
    const found = detectChecks(repoRoot, env);
    ids.push(...found.map((c) => c.id));
    checks = uniqueNames(found);
  }
  const fromConfig =
    explicit?.scan !== undefined || explicit?.checks !== undefined || explicit?.runBudget !== undefined;
  if (!fromConfig && ids.length === 0) return { notes };
  const source = [fromConfig ? 'config' : '', ids.length > 0 ? `preset:${ids.join('+')}` : '']
    .filter(Boolean)
    .join('+');
  const config: VerifyConfig = {
    ...(scan ? { scan } : {}),
    checks,
    ...(explicit?.runBudget !== undefined ? { runBudget: explicit.runBudget } : {}),
    source,
  };
  return { config, notes };
}

/** Two checks called "tests" (npm test and pytest) would read as one in a report: the later is named by its preset. */
function uniqueNames(checks: CheckPreset[]): VerifyCommand[] {
  const seen = new Set<string>();
  return checks.map(({ id, check }) => {
    const name = seen.has(check.name) ? id : check.name;
    seen.add(name);
    return name === check.name ? check : { ...check, name };
  });
}
