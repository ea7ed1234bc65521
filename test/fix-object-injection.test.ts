import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { runTrust } from './helpers/run-trust.js';

const SOURCE = [
  'function fill(out, xs) {',
  '  for (let i = 0; i < xs.length; i++) out[i] = xs[i]',
  '}',
  'function get(settings, name) {',
  '  return settings[name]',
  '}',
  'function save(store, req) {',
  '  store[req.body.key] = req.body.value',
  '}',
  'module.exports = { fill, get, save }',
  '',
].join('\n');

/** ESLint's detect-object-injection results for `texts` (each on its own line of SOURCE). */
function sarif(texts: string[]): string {
  const lines = SOURCE.split('\n');
  const results = texts.map((t) => {
    const line = lines.findIndex((l) => l.includes(t));
    const col = lines[line]!.indexOf(t) + 1;
    return {
      ruleId: 'security/detect-object-injection',
      level: 'warning',
      message: { text: 'Generic Object Injection Sink' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'src/store.js' },
            region: { startLine: line + 1, startColumn: col, endLine: line + 1, endColumn: col + t.length },
          },
        },
      ],
    };
  });
  const rules = [{ id: 'security/detect-object-injection' }];
  return JSON.stringify({
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'ESLint', rules } }, results }],
  });
}

describe('trust fix: security/detect-object-injection is triaged, and only the untrusted write is guarded', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await makeGitRepo({
      'src/store.js': SOURCE,
      '.gitignore': '.trust/\n*.sarif\n',
      'eslint.sarif': sarif(['out[i]', 'xs[i]', 'settings[name]', 'store[req.body.key]']),
    });
  });
  afterAll(async () => repo.cleanup());

  it('says why each finding is left, and triage names the rule that decided each', async () => {
    const r = await runTrust(['fix', 'eslint.sarif', '--json'], { cwd: repo.dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      fixed: { line: number }[];
      unfixed: { line: number; reason: string }[];
    };
    expect(out.fixed.map((f) => f.line)).toEqual([8]);
    const reasons = out.unfixed.map((u) => `${u.line}: ${u.reason}`).sort();
    expect(reasons, reasons.join('\n')).toHaveLength(3);
    expect(reasons[1]).toMatch(
      /^2: triaged false_positive: an assignment of out\[i\]: the key i is a numeric loop index/,
    );
    expect(reasons[0]).toMatch(
      /^2: triaged false_positive: a read of xs\[i\]: the key i is a numeric loop index/,
    );
    expect(reasons[2]).toMatch(
      /^5: needs_review: a read of settings\[name\]: .*\[trust\/object-injection-read\]; a read of settings\[name\], not a write/,
    );
    for (const reason of reasons) expect(reason).not.toMatch(/changed since the scan/);
    expect(readFileSync(join(repo.dir, 'src/store.js'), 'utf8')).toContain('store[safeKey(req.body.key)] =');

    // Each decision, with the rule that decided, is what `trust triage` records.
    const t = await runTrust(['triage', 'eslint.sarif', '--json'], { cwd: repo.dir });
    expect(t.exitCode, t.stderr).toBe(0);
    const decided = (JSON.parse(t.stdout) as { decision: string; decidedBy: string }[]).map((d) => [
      d.decision,
      d.decidedBy,
    ]);
    expect(decided.sort()).toEqual([
      ['false_positive', 'trust/object-injection-safe-key'],
      ['false_positive', 'trust/object-injection-safe-key'],
      ['needs_review', 'trust/object-injection-read'],
      ['needs_review', 'trust/object-injection-write'],
    ]);
  });
});

describe('trust fix: a helper several files need is written once, in their style, and imported', () => {
  const PREFS = [
    "const express = require('express')",
    '',
    'const router = express.Router()',
    'const prefs = {}',
    '',
    "router.post('/prefs/:user', function save (req, res) {",
    '  const user = req.params.user',
    '  prefs[user] = req.body',
    '  res.end()',
    '})',
    '',
    'module.exports = router',
    '',
  ].join('\n');
  const COUNTS = 'function count (counts, name) {\n  counts[name] = 1\n}\n\nmodule.exports = { count }\n';
  let repo: TempRepo;
  beforeAll(async () => {
    const result = (uri: string, line: number, col: number, text: string) => ({
      ruleId: 'security/detect-object-injection',
      level: 'warning',
      message: { text: 'Generic Object Injection Sink' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri },
            region: { startLine: line, startColumn: col, endLine: line, endColumn: col + text.length },
          },
        },
      ],
    });
    const results = [
      result('server/routes/prefs.js', 8, 3, 'prefs[user]'),
      result('server/lib/counts.js', 2, 3, 'counts[name]'),
    ];
    const rules = [{ id: 'security/detect-object-injection' }];
    repo = await makeGitRepo({
      'package.json': '{ "name": "app", "private": true }\n',
      'server/routes/prefs.js': PREFS,
      'server/lib/counts.js': COUNTS,
      '.gitignore': '.trust/\n*.sarif\n*.patch\ncodetf.json\n',
      'eslint.sarif': JSON.stringify({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'ESLint', rules } }, results }],
      }),
    });
  });
  afterAll(async () => repo.cleanup());

  it('puts the module in the diff (a patch git applies) and the CodeTF report, then writes and records it', async () => {
    const dry = await runTrust(['fix', 'eslint.sarif', '--dry-run', '--codetf', 'codetf.json'], {
      cwd: repo.dir,
    });
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('--- /dev/null\n+++ b/server/trust-helpers.js\n');
    expect(dry.stdout).toContain("+const { safeKey } = require('../trust-helpers')");
    writeFileSync(join(repo.dir, 'fix.patch'), dry.stdout);
    await repo.git.raw(['apply', '--check', 'fix.patch']);
    const codetf = JSON.parse(readFileSync(join(repo.dir, 'codetf.json'), 'utf8')) as {
      results: { codemod: string; changeset: { path: string }[] }[];
    };
    const paths = codetf.results.flatMap((r) => r.changeset.map((c) => c.path)).sort();
    expect(paths).toEqual(['server/lib/counts.js', 'server/routes/prefs.js', 'server/trust-helpers.js']);

    const r = await runTrust(['fix', 'eslint.sarif'], { cwd: repo.dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const helpers = readFileSync(join(repo.dir, 'server/trust-helpers.js'), 'utf8');
    // Standard style, like the files: no semicolons, a space before the parameter list; one copy.
    expect(helpers).toContain('function safeKey (key) {\n');
    expect(helpers).toContain('module.exports.safeKey = safeKey\n');
    expect(helpers).not.toMatch(/;\n/);
    for (const f of ['server/routes/prefs.js', 'server/lib/counts.js']) {
      const text = readFileSync(join(repo.dir, f), 'utf8');
      expect(text).not.toContain('function safeKey');
      expect(text).toContain('[safeKey(');
    }
    const log = await runTrust(['log', 'show', '--kind', 'fix', '--json'], { cwd: repo.dir });
    const files = (JSON.parse(log.stdout) as { entry: { files: string[] } }[])
      .flatMap((e) => e.entry.files)
      .sort();
    expect(files).toEqual(['server/lib/counts.js', 'server/routes/prefs.js', 'server/trust-helpers.js']);
  });
});
