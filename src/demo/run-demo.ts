/**
 * demo: `trust demo` runs the main job end to end on the bundled sample project
 * (fixtures/demo), offline and with no keys, in a temporary git repository. Each step runs
 * the same command code a user runs (triage, fix, log checkpoint, log verify), so the demo
 * shows exactly what users get. A composition root, like cli/: may import any capability,
 * but not cli/ itself: the cli's demo command passes the command modules in (DemoCommands).
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSignerKey } from '../audit/index.js';
import { onEarlyExit } from '../core/cleanup.js';
import type { CommandHandler, Context } from '../core/context.js';
import { redactor } from '../core/redact.js';
import { prepareFolderOf } from '../core/trust-dir.js';
import { packageRoot } from '../core/version.js';
import { changedFiles, initRepository, type LocalRepo, workingTreeDiff } from '../forge/git.js';
import { loadFindings } from '../sarif/index.js';
import { renderFindingsTable, summarizeFindings } from '../sarif/render.js';
import { assetsFileOf, bindToken, createToken, normalizeOrigin, updateAssets } from '../scan/assets/index.js';
import type { ScanReport } from '../scan/types.js';
import { startDemoSite } from './demo-site.js';
import { demoEnv, subContext } from './sub-context.js';

/** The CI runner workspace the sample SARIF was produced in (ESLint writes absolute URIs). */
export const DEMO_SOURCE_ROOT = '/home/runner/work/acme-notes/acme-notes';
const DEMO_ORIGIN = 'demo.trust.invalid/acme-notes';
const DEMO_ORG = 'acme-demo';

export interface DemoReport {
  directory: string | undefined;
  steps: { title: string; exitCode: number; summary: string; data: unknown[] }[];
}

/** The commands the demo runs, each loaded when its step runs (the cli passes its own). */
export type DemoCommands = Record<
  'triage' | 'pr' | 'fix' | 'scan' | 'log checkpoint' | 'log verify',
  () => Promise<{ default: CommandHandler }>
>;

interface DemoState {
  base: Context;
  commands: DemoCommands;
  /** What the current step's commands returned as machine output. */
  data: unknown[];
  repo: LocalRepo;
  sarifFiles: string[];
  env: NodeJS.ProcessEnv;
}

interface DemoStep {
  title: string;
  /** Returns the step's exit code and its line for the closing summary. */
  run(state: DemoState): Promise<{ exitCode: number; summary: string }>;
}

export async function runDemo(
  base: Context,
  commands: DemoCommands,
  options: { keep: boolean },
): Promise<DemoReport> {
  const { out } = base;
  const fixtures = join(packageRoot(), 'fixtures', 'demo');
  const dir = mkdtempSync(join(tmpdir(), 'trust-demo-'));
  // Removed even when the process ends early (`trust demo | head -1` closes stdout).
  const temporary = options.keep ? [] : [dir];
  const removeTemporary = () => {
    for (const d of temporary) rmSync(d, { recursive: true, force: true });
  };
  const releaseCleanup = onEarlyExit(removeTemporary);
  try {
    cpSync(join(fixtures, 'project'), dir, { recursive: true });
    const repo = await initRepository(dir, { message: 'acme-notes 1.4.2' });
    // The scans sit outside the repository, as a CI job's downloaded artifacts would.
    const scans = mkdtempSync(join(tmpdir(), 'trust-demo-scans-'));
    temporary.push(scans);
    cpSync(join(fixtures, 'sarif'), scans, { recursive: true });
    const sarifFiles = readdirSync(scans)
      .filter((f) => f.endsWith('.sarif'))
      .sort()
      .map((f) => join(scans, f));
    // A throw-away signing key, so the demo can sign and verify its log without any secret.
    const key = generateSignerKey(DEMO_ORIGIN);
    redactor.add(key.signerKey);
    const verifierKey = join(dir, '.trust', 'verifier-key');
    prepareFolderOf(verifierKey, dir);
    writeFileSync(verifierKey, `${key.verifierKey}\n`);
    const env = demoEnv(base.env, { TRUST_SIGNING_KEY: key.signerKey, TRUST_ORIGIN: DEMO_ORIGIN });

    out.result(
      out.c.bold('trust demo: acme-notes, a small Node.js + Python service with real-looking flaws'),
    );
    out.info(`Sample project in ${dir} (a git repository, one commit on main); scans in ${scans}.`);
    const state: DemoState = { base, commands, data: [], repo, sarifFiles, env };
    const steps: DemoReport['steps'] = [];
    try {
      for (const step of STEPS) {
        state.data = [];
        const result = await out.group(step.title, () => step.run(state));
        steps.push({ title: step.title, ...result, data: state.data });
        if (result.exitCode !== 0) break;
      }
    } finally {
      rmSync(scans, { recursive: true, force: true });
    }
    out.result('');
    out.result(out.c.bold('Summary'));
    for (const s of steps) out.result(`  ${s.exitCode === 0 ? '✔' : '✘'} ${s.summary}`);
    out.result('');
    out.result('Next: run it on your own scans: trust findings <your.sarif>, trust triage <your.sarif>,');
    out.result(
      '      trust fix <your.sarif> --dry-run, trust assets add <your site>, trust scan, trust log verify.',
    );
    out.result('      See trust --help.');
    if (options.keep) out.result(`The sample repository is kept at ${dir}`);
    return { directory: options.keep ? dir : undefined, steps };
  } finally {
    releaseCleanup();
    removeTemporary();
  }
}

/** Run one of trust's commands in the demo repository. */
async function runCommand(
  state: DemoState,
  command: keyof DemoCommands,
  args: string[],
  overrides: Record<string, unknown> = {},
): Promise<number> {
  const ctx = subContext(state.base, state.repo.dir, command, state.env, overrides, (value) =>
    state.data.push(value),
  );
  const handler = (await state.commands[command]()).default;
  return (await handler(ctx, args)) ?? 0;
}

const STEPS: DemoStep[] = [
  {
    title: '1. Ingest: SARIF from CodeQL, ESLint and Bandit',
    async run(state) {
      const { out } = state.base;
      const result = await loadFindings(state.sarifFiles, {
        root: state.repo.dir,
        sourceRoots: [DEMO_SOURCE_ROOT],
        onWarning: (w) => out.warn(w.message),
      });
      if (!out.json) out.result(renderFindingsTable(result.findings, { color: out.c, width: 120 }));
      state.data.push(result.findings);
      const summary = `ingest: ${summarizeFindings(result.findings)} from ${state.sarifFiles.length} SARIF files`;
      out.info(summary);
      return { exitCode: 0, summary };
    },
  },
  {
    title: '2. Triage: deterministic rules, every decision recorded in the audit log',
    async run(state) {
      const exitCode = await runCommand(state, 'triage', state.sarifFiles, {
        sourceRoot: [DEMO_SOURCE_ROOT],
      });
      return { exitCode, summary: 'triage: decisions recorded in .trust/trust.db (test code set aside)' };
    },
  },
  {
    title: '3. Deliver: one pull request per codemod, as patches (no forge token)',
    async run(state) {
      // The job `trust pr` and `trust run` run: branches built on the scanned commit, the
      // checkout untouched; without a token each would-be PR is a patch and its body.
      const exitCode = await runCommand(state, 'pr', state.sarifFiles, {
        sourceRoot: [DEMO_SOURCE_ROOT],
      });
      const patches = readdirSync(join(state.repo.dir, '.trust', 'patches')).filter((f) =>
        f.endsWith('.patch'),
      );
      return {
        exitCode,
        summary: `deliver: ${patches.length} pull requests written as patches in .trust/patches (git am applies them)`,
      };
    },
  },
  {
    title: '4. Fix: deterministic codemods (zero LLM calls), as a diff on the working tree',
    async run(state) {
      const exitCode = await runCommand(state, 'fix', state.sarifFiles, {
        sourceRoot: [DEMO_SOURCE_ROOT],
        codetf: join(state.repo.dir, '.trust', 'codetf.json'),
      });
      const { out } = state.base;
      const changed = await changedFiles(state.repo);
      const diff = await workingTreeDiff(state.repo);
      if (!out.json && diff) out.result(colorDiff(diff, out.c));
      const files = changed.filter((f) => !f.startsWith('.trust'));
      return {
        exitCode,
        summary: `fix: ${files.length} files changed by codemods (${files.join(', ')}); CodeTF in .trust/codetf.json`,
      };
    },
  },
  {
    title: "5. Scan: a read-only posture scan of the demo's own loopback web front",
    async run(state) {
      const site = await startDemoSite();
      try {
        // What `trust assets add <url> --env dev --allow-private` stores (the command itself
        // prints the one-time ownership token raw, which the demo has no use for): a dev asset
        // on loopback is scanned without an ownership proof; a production one never is.
        const url = normalizeOrigin(site.httpsUrl);
        updateAssets(assetsFileOf(state.repo.dir), (assets) => ({
          assets: [
            ...assets,
            {
              url,
              env: 'dev',
              owner: 'web',
              criticality: 'low',
              tokenSha256: bindToken(createToken(), DEMO_ORG, url),
              createdAt: new Date().toISOString(),
              allowPrivate: true,
              // The plain-HTTP door listens on its own loopback port (a real site's is port 80).
              httpPort: site.httpPort,
            },
          ],
          result: undefined,
        }));
        state.base.out.info(
          `Asset ${url} added as \`trust assets add ${url} --env dev --owner web --criticality low --allow-private\` would.`,
        );
        const exitCode = await runCommand(state, 'scan', [url], {
          scanOrg: DEMO_ORG,
          scanCa: site.caFile,
          scanSarif: join(state.repo.dir, '.trust', 'scan.sarif'),
          markdown: join(state.repo.dir, '.trust', 'scan.md'),
        });
        const report = state.data.at(-1) as ScanReport | undefined;
        if (exitCode !== 0 || !report) return { exitCode: exitCode || 1, summary: 'scan: the scan failed' };
        return {
          exitCode,
          summary: `scan: ${site.httpsUrl} graded ${report.observatory.grade} (${report.observatory.score}), ${report.findings.length} findings with evidence; .trust/scan.md, .trust/scan.sarif`,
        };
      } finally {
        await site.close();
      }
    },
  },
  {
    title: '6. Audit log: sign a checkpoint and verify the whole log',
    async run(state) {
      const signed = await runCommand(state, 'log checkpoint', []);
      if (signed !== 0) return { exitCode: signed, summary: 'log: signing the checkpoint failed' };
      const exitCode = await runCommand(state, 'log verify', []);
      return {
        exitCode,
        summary:
          exitCode === 0
            ? 'log: signed checkpoint written to .trust/checkpoint; the log verifies'
            : 'log: verification FAILED',
      };
    },
  },
];

function colorDiff(diff: string, c: Context['out']['c']): string {
  return diff
    .split('\n')
    .map((line) =>
      line.startsWith('+') && !line.startsWith('+++')
        ? c.green(line)
        : line.startsWith('-') && !line.startsWith('---')
          ? c.red(line)
          : line.startsWith('@@')
            ? c.cyan(line)
            : line,
    )
    .join('\n');
}
