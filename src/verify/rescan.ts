/**
 * verify/rescan: after the fixes, the scan command writes SARIF to a path trust gives it; the
 * new findings decide which fixes worked. Findings are matched by the shift-stable
 * fingerprint (sarif/fingerprint.ts), never by line: a fix that inserts an import moves every
 * line below it. A fixed finding whose fingerprint is still reported is not gone. Lines a fix
 * rewrote get new fingerprints for whatever sits on them, so "adds no new finding in the lines
 * it touched" counts, per rule, the unknown findings on the lines its diffs added against the
 * known findings that sat on the lines its diffs removed (a fix may rewrite a line that also
 * carries another rule's finding: that one moves, it is not new).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { readPlaced } from '../core/paths.js';
import type { Finding } from '../sarif/finding.js';
import { normalizeLine } from '../sarif/fingerprint.js';
import { loadFindings } from '../sarif/index.js';
import { runCommand } from './run-command.js';
import type { CommandRun, VerifyCommand } from './types.js';
import type { Unit } from './units.js';

export interface Rescan {
  run: CommandRun;
  findings: Finding[];
  /** Tools the new SARIF has runs of: a finding of another tool cannot be judged by it. */
  tools: Set<string>;
}

export async function rescan(
  scan: VerifyCommand,
  root: string,
  env: NodeJS.ProcessEnv,
  onRun?: (run: CommandRun | undefined) => void,
): Promise<Rescan> {
  const dir = mkdtempSync(join(tmpdir(), 'trust-verify-'));
  try {
    const sarif = join(dir, 'scan.sarif');
    onRun?.(undefined);
    const run = await runCommand(scan, { cwd: root, env, sarif });
    onRun?.(run);
    if (!existsSync(sarif) || statSync(sarif).size === 0) {
      throw new ConfigError(
        `verify: the scan command wrote no SARIF to {sarif} (exit ${run.timedOut ? 'timed out' : run.exitCode}): ${scan.command}`,
      );
    }
    const loaded = await loadFindings([sarif], { root });
    return { run, findings: loaded.findings.filter((f) => !f.suppressed), tools: toolsOf(sarif) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The tools the SARIF has runs of, found or not (a clean run has no result to name its tool). */
function toolsOf(sarif: string): Set<string> {
  const doc = JSON.parse(readFileSync(sarif, 'utf8')) as {
    runs?: { tool?: { driver?: { name?: unknown } } }[];
  };
  const names = (doc.runs ?? []).map((r) => r.tool?.driver?.name);
  return new Set(names.map((n) => (typeof n === 'string' && n !== '' ? n : 'unknown-tool')));
}

/** Why the rescan rejects a unit's fix, or undefined when its findings are gone and it added none. */
export function rescanProblem(
  unit: Unit,
  scan: Rescan,
  before: readonly Finding[],
  root: string,
): string | undefined {
  const now = new Set(scan.findings.map((f) => f.id));
  // A mitigated finding is expected back (its rule still matches the mitigated code).
  const judged = unit.findings.filter((f) => scan.tools.has(f.tool.name) && !unit.mitigated.has(f.id));
  const expected = new Set(unit.findings.filter((f) => unit.mitigated.has(f.id)).map((f) => f.rule.id));
  const still = judged.find((f) => now.has(f.id));
  if (still) return `the scanner still reports ${still.rule.id} at ${where(still)}`;
  const known = new Set(before.map((f) => f.id));
  const fixed = new Set(unit.findings.map((f) => f.id));
  const rules = new Set(unit.findings.map((f) => f.rule.id));
  for (const [path, touched] of touchedLines(unit)) {
    const text = readPlaced(root, path)?.split(/\r\n|\r|\n/) ?? [];
    const added = new Map<string, Finding[]>();
    for (const f of scan.findings) {
      const line = f.location.region?.startLine;
      if (f.location.path !== path || known.has(f.id) || !line) continue;
      if (!touched.added.has(normalizeLine(text[line - 1] ?? ''))) continue;
      added.set(f.rule.id, [...(added.get(f.rule.id) ?? []), f]);
    }
    for (const [rule, found] of added) {
      if (expected.has(rule)) continue;
      const carried = before.filter(
        (f) =>
          f.rule.id === rule &&
          !fixed.has(f.id) &&
          f.location.path === path &&
          touched.removed.has(
            normalizeLine(lineOf(f, touched.original) || (f.location.region?.snippet ?? '')),
          ),
      ).length;
      if (found.length <= carried) continue;
      const first = found[carried]!;
      return rules.has(rule)
        ? `the scanner still reports ${rule} at ${where(first)} (on a line the fix wrote)`
        : `the fix adds a new finding: ${rule} at ${where(first)}`;
    }
  }
  return undefined;
}

/** Per file: the normalized text of the lines the unit's diffs added and removed, and the scanned text. */
function touchedLines(
  unit: Unit,
): Map<string, { added: Set<string>; removed: Set<string>; original: string[] }> {
  const out = new Map<string, { added: Set<string>; removed: Set<string>; original: string[] }>();
  for (const stage of unit.stages) {
    let entry = out.get(stage.path);
    if (!entry) {
      entry = {
        added: new Set(),
        removed: new Set(),
        original: unit.scanned.get(stage.path)?.split(/\r\n|\r|\n/) ?? [],
      };
      out.set(stage.path, entry);
    }
    for (const line of stage.diff.split('\n')) {
      if (line.startsWith('+++') || line.startsWith('---')) continue;
      const body = normalizeLine(line.slice(1));
      if (body === '') continue;
      if (line.startsWith('+')) entry.added.add(body);
      else if (line.startsWith('-')) entry.removed.add(body);
    }
  }
  return out;
}

function lineOf(f: Finding, original: readonly string[]): string {
  const line = f.location.region?.startLine;
  return line ? (original[line - 1] ?? '') : '';
}

function where(f: Finding): string {
  return `${f.location.path ?? f.location.uri ?? '?'}:${f.location.region?.startLine ?? '?'}`;
}
