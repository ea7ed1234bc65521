/**
 * bench/llm-exposure: how much code leaves for an LLM, and how often no LLM is needed at all.
 *
 *   npm run bench:llm
 *
 * Over the sample projects in this repository — the demo project (fixtures/demo), the
 * multi-fix end-to-end fixture, and every codemod fixture folder (codemods/<lang>/fixtures/*)
 * with its SARIF — each copied into a fresh git repository, it runs `runFixes` with the full
 * codemod catalogue and the LLM fixer pointed at a loopback model server (which declines every
 * fix, so each LLM-routed finding costs exactly one generator call). It prints:
 *   - the share of findings fixed with zero LLM calls (fixed by a codemod);
 *   - per LLM-routed finding, the code bytes in the snippet as a fraction of the bytes of the
 *     files involved (median, p90, max) — the baseline, sending the files whole, is 1.0;
 *   - the whole request bytes (prompt, rule help and code) against the same baseline;
 *   - how long redaction of the sample source files takes against parsing the same files with
 *     ast-grep (which every snippet does anyway): the redactor must stay a small share of it.
 * Nothing here is asserted; see test/llm-*.test.ts for behaviour.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleGit } from 'simple-git';
import { CODEMODS } from '../codemods/index.js';
import { languageOf, parseSource } from '../src/fix/languages.js';
import { runFixes } from '../src/fix/pipeline.js';
import { LlmBudget } from '../src/llm/budget.js';
import { createLlmFixer, type LlmFixReport } from '../src/llm/fixer.js';
import { collectIdentity } from '../src/llm/identity.js';
import { SourceRedactor } from '../src/llm/redact-source.js';
import { createProvider } from '../src/llm/settings.js';
import { loadFindings } from '../src/sarif/index.js';
import { startLlmServer } from '../test/servers/llm-server.js';

// Compiled to dist/bench/llm-exposure.js: two levels up is the checkout.
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Project {
  name: string;
  /** Folder copied as the repository root. */
  dir: string;
  /** SARIF files (absolute). */
  sarif: string[];
}

function projects(): Project[] {
  const out: Project[] = [];
  const demo = join(repoRoot, 'fixtures/demo');
  if (existsSync(demo)) {
    const sarifDir = join(demo, 'sarif');
    out.push({
      name: 'demo',
      dir: join(demo, 'project'),
      sarif: readdirSync(sarifDir)
        .filter((f) => f.endsWith('.sarif'))
        .map((f) => join(sarifDir, f)),
    });
  }
  const multi = join(repoRoot, 'test/e2e/fixtures/multi-fix');
  if (existsSync(multi)) out.push({ name: 'e2e/multi-fix', dir: multi, sarif: sarifIn(multi) });
  for (const lang of ['js', 'python', 'java']) {
    const base = join(repoRoot, 'codemods', lang, 'fixtures');
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      const dir = join(base, name);
      if (!statSync(dir).isDirectory()) continue;
      for (const sub of [
        dir,
        ...readdirSync(dir)
          .map((s) => join(dir, s))
          .filter((s) => statSync(s).isDirectory()),
      ]) {
        const sarif = sarifIn(sub);
        if (sarif.length)
          out.push({ name: `codemods/${lang}/${sub.slice(base.length + 1)}`, dir: sub, sarif });
      }
    }
  }
  return out;
}

function sarifIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sarif'))
    .map((f) => join(dir, f));
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const pct = (x: number) => (Number.isNaN(x) ? '   n/a' : `${(x * 100).toFixed(1).padStart(5)}%`);

async function main(): Promise<void> {
  const server = await startLlmServer(() => ({ tool: { explanation: 'bench: declined', edits: [] } }));
  let total = 0;
  let byCodemod = 0;
  const codeFractions: number[] = [];
  const codeBytes: number[] = [];
  const fileBytes: number[] = [];
  const requestFractions: number[] = [];
  const rows: string[] = [];
  try {
    for (const project of projects()) {
      const work = mkdtempSync(join(tmpdir(), 'trust-bench-llm-'));
      try {
        cpSync(project.dir, work, {
          recursive: true,
          filter: (src) => !src.endsWith('.sarif') && !src.includes('.expected.'),
        });
        const git = simpleGit(work);
        await git.init();
        const ingest = await loadFindings(project.sarif, { root: work });
        const findings = ingest.findings.filter((f) => !f.suppressed);
        const provider = createProvider(
          {
            provider: 'openai',
            model: 'bench-model',
            apiKey: 'bench',
            baseURL: server.openaiUrl,
            stream: false,
            timeoutMs: 10_000,
            retries: 0,
            thresholds: { safety: 70, effectiveness: 70, cleanliness: 70 },
          },
          'bench-model',
        );
        const reports: LlmFixReport[] = [];
        let sentBefore = 0;
        const fixer = createLlmFixer({
          root: work,
          session: { generator: provider, evaluator: provider, budget: new LlmBudget() },
          thresholds: { safety: 70, effectiveness: 70, cleanliness: 70 },
          identity: await collectIdentity(work, {}),
          onReport: (r) => {
            r.requestBytes = provider.meter.bytesSent - sentBefore;
            sentBefore = provider.meter.bytesSent;
            reports.push(r);
          },
        });
        const run = await runFixes({
          root: work,
          findings,
          codemods: CODEMODS,
          fixers: [fixer],
          write: false,
        });
        const fixedByCodemod = run.outcomes.filter(
          (o) => o.status === 'fixed' && !o.codemod?.startsWith('trust:llm/'),
        ).length;
        total += run.outcomes.length;
        byCodemod += fixedByCodemod;
        const sent = reports.filter((r) => r.fileBytes > 0 && r.outcome);
        for (const r of sent) {
          codeFractions.push(r.codeBytes / r.fileBytes);
          codeBytes.push(r.codeBytes);
          fileBytes.push(r.fileBytes);
          requestFractions.push((r.requestBytes ?? 0) / r.fileBytes);
        }
        rows.push(
          `${project.name.padEnd(44)} ${String(run.outcomes.length).padStart(4)} ${String(fixedByCodemod).padStart(8)} ${String(sent.length).padStart(5)} ${pct(
            quantile(
              sent.map((r) => r.codeBytes / r.fileBytes),
              0.5,
            ),
          )}`,
        );
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }
  } finally {
    await server.close();
  }
  console.log(
    `${'project'.padEnd(44)} ${'find'.padStart(4)} ${'codemod'.padStart(8)} ${'llm'.padStart(5)} median code/file`,
  );
  for (const row of rows) console.log(row);
  console.log('');
  console.log(
    `findings: ${total}; fixed with zero LLM calls: ${byCodemod} (${pct(byCodemod / total).trim()})`,
  );
  console.log(
    `LLM-routed findings: ${codeFractions.length}; median code bytes sent ${quantile(codeBytes, 0.5)}, median bytes of files involved ${quantile(fileBytes, 0.5)}`,
  );
  console.log(
    `code bytes sent / bytes of files involved: median ${pct(quantile(codeFractions, 0.5)).trim()}, p90 ${pct(quantile(codeFractions, 0.9)).trim()}, max ${pct(Math.max(...codeFractions)).trim()}  (baseline: whole files = 100%; ratio ${quantile(codeFractions, 0.5).toFixed(3)})`,
  );
  console.log(
    `request bytes (prompt + help + code) / bytes of files involved: median ${pct(quantile(requestFractions, 0.5)).trim()}, p90 ${pct(quantile(requestFractions, 0.9)).trim()}`,
  );
}

/** Source files of the sample projects that ast-grep parses, read once. */
function sampleSources(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (languageOf(path)) out.push({ path, text: readFileSync(path, 'utf8') });
    }
  };
  for (const p of projects()) walk(p.dir);
  return out;
}

/** Median of `rounds` timings of `work` over every file, in milliseconds. */
function timeOver(
  files: { path: string; text: string }[],
  work: (f: { path: string; text: string }) => void,
) {
  const times: number[] = [];
  for (let round = 0; round < 15; round++) {
    const start = performance.now();
    for (const f of files) work(f);
    times.push(performance.now() - start);
  }
  return quantile(times, 0.5);
}

function redactionSpeed(): void {
  const files = sampleSources();
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const redact = timeOver(files, (f) => new SourceRedactor().redact(f.text));
  const parse = timeOver(files, (f) => parseSource(languageOf(f.path)!, f.text).root());
  console.log(
    `redaction of ${files.length} sample files (${(bytes / 1024).toFixed(0)} KiB): median ${redact.toFixed(1)} ms, ${(bytes / 1e6 / (redact / 1000)).toFixed(1)} MB/s; ast-grep parse of the same files ${parse.toFixed(1)} ms (redact/parse ratio ${(redact / parse).toFixed(2)})`,
  );
}

await main();
redactionSpeed();
