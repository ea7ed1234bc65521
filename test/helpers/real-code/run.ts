/**
 * test/helpers/real-code/run: one real-code run, start to end, keeping everything the assertions
 * read. Check out the package; run its own tests and lint (where it ships them) and the security
 * scan; `trust fix --json --codetf`; then scan, lint and test again, and diff what changed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { TempRepo } from '../git-repo.js';
import { type RunResult, runTrust } from '../run-trust.js';
import { ARTIFACTS, checkOut, type RealProject } from './project.js';
import { type Message, ownLint, securityScan } from './scan.js';

export interface TestRun {
  exitCode: number;
  /** The runner's closing lines, for the printed figures. */
  summary: string;
}

export interface ScannedFinding {
  id: string;
  rule: { id: string };
  location: { path: string; region?: { startLine?: number; endLine?: number } };
}

export interface RealRun {
  repo: TempRepo;
  findings: ScannedFinding[];
  scanBefore: Message[];
  /** Each scanned file's text as the scan read it (the committed checkout). */
  scanned: Map<string, string>;
  scanAfter: Message[];
  fix: RunResult;
  codetf: unknown;
  /** Files trust changed or added (repository-relative), with their text before ('' if new) and after. */
  changed: { path: string; before: string; after: string }[];
  lintBefore: Message[];
  lintAfter: Message[];
  testsBefore?: TestRun;
  testsAfter?: TestRun;
  probeBefore?: Probe;
  probeAfter?: Probe;
}

export interface Probe {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The project's probe in a fresh process, so the package is loaded anew from the checkout. */
async function runProbe(project: RealProject, dir: string): Promise<Probe | undefined> {
  if (!project.probe) return undefined;
  const r = await execa(process.execPath, ['-e', project.probe], {
    cwd: dir,
    reject: false,
    timeout: 60_000,
  });
  return {
    exitCode: r.exitCode ?? -1,
    stdout: r.stdout,
    stderr: r.stderr.split('\n').slice(0, 3).join(' | '),
  };
}

async function runTests(project: RealProject, dir: string): Promise<TestRun | undefined> {
  if (!project.tests) return undefined;
  const r = await execa(process.execPath, project.tests, {
    cwd: dir,
    reject: false,
    all: true,
    timeout: 120_000,
  });
  const lines = (r.all ?? '').trim().split('\n');
  // tape's closing counts, the first failed assertion, or (when a test threw) the error line.
  const counts = lines
    .filter((l) => /^# (tests|pass|fail)\b/.test(l))
    .map((l) => l.slice(2).replace(/\s+/g, ' '));
  const failed = lines.find((l) => /^not ok\b/.test(l)) ?? lines.find((l) => /^\w*Error\b/.test(l));
  const at = failed && lines.find((l) => /^\s+at .*\/(lib|test)\//.test(l))?.trim();
  return {
    exitCode: r.exitCode ?? -1,
    summary: [`exit ${r.exitCode}`, ...counts, ...(failed ? [failed, at ?? ''] : [])]
      .filter(Boolean)
      .join('; '),
  };
}

async function changedFiles(repo: TempRepo): Promise<string[]> {
  const status = await repo.git.raw(['status', '--porcelain', '--untracked-files=all', '--no-renames']);
  return status
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(3))
    .filter((p) => !ARTIFACTS.some((a) => p === a || p.startsWith(a)));
}

export async function realRun(project: RealProject): Promise<RealRun> {
  const repo = await checkOut(project);
  const dir = repo.dir;
  const testsBefore = await runTests(project, dir);
  const probeBefore = await runProbe(project, dir);
  const before = await securityScan(dir, project.scan, project.sourceType);
  writeFileSync(join(dir, 'eslint.sarif'), before.sarif);
  const listed = await runTrust(['findings', 'eslint.sarif', '--json'], { cwd: dir });
  const findings = JSON.parse(listed.stdout) as ScannedFinding[];
  const read = (path: string) => {
    try {
      return readFileSync(join(dir, path), 'utf8');
    } catch {
      return '';
    }
  };

  const scanned = new Map(before.messages.map((m) => [m.path, read(m.path)]));
  const fix = await runTrust(['fix', 'eslint.sarif', '--json', '--codetf', 'codetf.json'], {
    cwd: dir,
    timeoutMs: 120_000,
  });
  const changed = [];
  for (const path of await changedFiles(repo)) {
    const tracked = (await repo.git.raw(['ls-files', '--', path])).trim() !== '';
    changed.push({ path, before: tracked ? await repo.git.show([`HEAD:${path}`]) : '', after: read(path) });
  }
  const after = await securityScan(dir, project.scan, project.sourceType);
  const own = project.ownLint;
  const lintBefore = own
    ? await ownLint(
        dir,
        changed.map((c) => ({ path: c.path, text: c.before })),
      )
    : [];
  const lintAfter = own
    ? await ownLint(
        dir,
        changed.map((c) => ({ path: c.path, text: c.after })),
      )
    : [];
  const testsAfter = await runTests(project, dir);
  const probeAfter = await runProbe(project, dir);
  let codetf: unknown;
  try {
    codetf = JSON.parse(read('codetf.json'));
  } catch {
    codetf = undefined;
  }
  return {
    repo,
    findings,
    scanBefore: before.messages,
    scanned,
    scanAfter: after.messages,
    fix,
    codetf,
    changed,
    lintBefore,
    lintAfter,
    testsBefore,
    testsAfter,
    probeBefore,
    probeAfter,
  };
}
