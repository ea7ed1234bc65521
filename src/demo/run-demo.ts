/**
 * demo: `trust demo` runs the main job end to end on the bundled sample project
 * (fixtures/demo), offline and with no keys, in a temporary git repository. Each capability
 * adds its step here as it lands; the steps call the same library functions the real
 * commands use, so the demo shows exactly what users get.
 * May import every capability (it is a composition root, like cli/).
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Output } from '../core/output.js';
import { packageRoot } from '../core/version.js';
import { initRepository, type LocalRepo } from '../forge/git.js';
import type { Finding } from '../sarif/finding.js';
import { loadFindings } from '../sarif/index.js';
import { renderFindingsTable, summarizeFindings } from '../sarif/render.js';

/** The CI runner workspace the sample SARIF was "produced" in (ESLint writes absolute URIs). */
export const DEMO_SOURCE_ROOT = '/home/runner/work/acme-notes/acme-notes';

export interface DemoOptions {
  keep: boolean;
  out: Output;
  env: NodeJS.ProcessEnv;
}

export interface DemoState {
  repo: LocalRepo;
  sarifFiles: string[];
  findings: Finding[];
  out: Output;
  env: NodeJS.ProcessEnv;
  /** Lines for the closing summary, one per step. */
  summary: string[];
}

export interface DemoReport {
  directory: string | undefined;
  findings: number;
  summary: string[];
}

export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const { out } = options;
  const fixtures = join(packageRoot(), 'fixtures', 'demo');
  const dir = mkdtempSync(join(tmpdir(), 'trust-demo-'));
  try {
    cpSync(join(fixtures, 'project'), dir, { recursive: true });
    const repo = await initRepository(dir, { message: 'acme-notes 1.4.2' });
    const scans = join(dir, '.scans');
    cpSync(join(fixtures, 'sarif'), scans, { recursive: true });
    const sarifFiles = readdirSync(scans)
      .filter((f) => f.endsWith('.sarif'))
      .sort()
      .map((f) => join(scans, f));
    out.result(
      out.c.bold('trust demo: acme-notes, a small Node.js + Python service with real-looking flaws'),
    );
    out.info(`Sample project in ${dir} (a git repository, one commit on main).`);
    const state: DemoState = { repo, sarifFiles, findings: [], out, env: options.env, summary: [] };
    for (const step of STEPS) await out.group(step.title, () => step.run(state));
    out.result('');
    out.result(out.c.bold('Summary'));
    for (const line of state.summary) out.result(`  ${line}`);
    out.result('');
    out.result('Next: run the same on your own scans with `trust findings <your.sarif>`.');
    if (options.keep) out.result(`The sample repository is kept at ${dir}`);
    return {
      directory: options.keep ? dir : undefined,
      findings: state.findings.length,
      summary: state.summary,
    };
  } finally {
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}

interface DemoStep {
  title: string;
  run(state: DemoState): Promise<void>;
}

const STEPS: DemoStep[] = [
  {
    title: '1. Ingest: SARIF from CodeQL, ESLint and Bandit',
    async run(state) {
      const { out } = state;
      const result = await loadFindings(state.sarifFiles, {
        root: state.repo.dir,
        sourceRoots: [DEMO_SOURCE_ROOT],
        onWarning: (w) => out.warn(w.message),
      });
      state.findings = result.findings;
      out.result(renderFindingsTable(result.findings, { color: out.c, width: 120 }));
      const line = `ingest: ${summarizeFindings(result.findings)} from ${state.sarifFiles.length} SARIF files`;
      out.result(line);
      state.summary.push(line);
    },
  },
];
