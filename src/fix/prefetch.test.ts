import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CODEMODS } from '../../codemods/index.js';
import type { Finding } from '../sarif/finding.js';
import { defineCodemod } from './codemod.js';
import { firstSyntaxError, parseSource } from './languages.js';
import { CandidateCache } from './locate.js';
import { runFixes } from './pipeline.js';
import { InputPrefetch } from './prefetch.js';
import { TopLevel } from './toplevel.js';

const dir = mkdtempSync(join(tmpdir(), 'trust-prefetch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const secureRandom = CODEMODS.find((c) => c.id === 'trust:js/secure-random')!;
const weakHash = CODEMODS.find((c) => c.id === 'trust:js/weak-hash')!;

const FILES = {
  'clean.js':
    "import crypto from 'node:crypto';\nexport const a = Math.random();\nexport const h = crypto.createHash('md5');\n",
  'missing.ts': 'class A {\n  m() {\n    return 1;\n  }\n',
  'error.js': 'const x = (1 + ;\n',
  'glued.py': '"""Doc."""x = 1\n',
  'clean.py': 'import random\n\nx = random.random()\n',
};
for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);

const language = (name: string) =>
  name.endsWith('.py') ? 'python' : name.endsWith('.ts') ? 'typescript' : 'javascript';

describe('native input prefetch', () => {
  it('parses, checks and finds candidates as the main-thread path does', async () => {
    const names = Object.keys(FILES);
    const prefetch = new InputPrefetch(
      names.map((name) => ({
        file: join(dir, name),
        language: language(name),
        codemods: [secureRandom, weakHash],
      })),
      2,
      1,
    );
    const all = [];
    for (const [i, name] of names.entries()) {
      const parsed = await prefetch.get(i);
      all.push(parsed);
      expect(parsed, name).toBeDefined();
      const text = FILES[name as keyof typeof FILES];
      expect(parsed!.root.text()).toBe(text);
      const expected = firstSyntaxError(parseSource(language(name), text).root());
      expect(parsed!.syntax?.line, name).toBe(expected?.line);
    }
    // Each parse is handed out once.
    expect(await prefetch.get(0)).toBeUndefined();
    const clean = all[0]!;
    expect(clean.syntax).toBeUndefined();
    expect(clean.candidates.get(secureRandom.id)!.map((n) => n.text())).toEqual(['Math.random()']);
    expect(clean.candidates.get(weakHash.id)!.map((n) => n.text())).toEqual(["crypto.createHash('md5')"]);
    expect(all[1]!.syntax).toBeDefined(); // a MISSING `}` only
    expect(all[3]!.syntax?.line).toBe(1); // glued Python statements
  });

  it('gives nothing for a file it cannot read (the caller parses it)', async () => {
    const prefetch = new InputPrefetch([
      { file: join(dir, 'absent.js'), language: 'javascript', codemods: [] },
    ]);
    expect(await prefetch.get(0)).toBeUndefined();
  });

  it('searches afresh where another codemod claimed a node (a node is tagged once)', async () => {
    const alsoRandom = defineCodemod({
      ...secureRandom,
      id: 'test:js/also-random',
      match: { pattern: 'Math.random()' },
    });
    const prefetch = new InputPrefetch([
      { file: join(dir, 'clean.js'), language: 'javascript', codemods: [secureRandom, alsoRandom] },
    ]);
    const parsed = (await prefetch.get(0))!;
    // The first codemod in the rule claimed the node; the second sees no candidate of its own...
    expect(parsed.candidates.get(alsoRandom.id)).toEqual([]);
    // ...so the cache searches that statement itself and still finds it.
    const cache = new CandidateCache(new TopLevel(parsed.root), parsed.candidates);
    const at = FILES['clean.js'].indexOf('Math.random()');
    const found = cache.get(alsoRandom, { start: at, end: at + 13 });
    expect(found.map((n) => n.text())).toEqual(['Math.random()']);
  });
});

describe('runFixes with the prefetch', () => {
  it('reports a directory or a pipe a finding points at as unfixed, and fixes the rest', async () => {
    const root = mkdtempSync(join(dir, 'repo-'));
    mkdirSync(join(root, 'dir.js'));
    execFileSync('mkfifo', [join(root, 'pipe.js')]);
    writeFileSync(join(root, 'ok.js'), 'export const a = Math.random();\n');
    const finding = (path: string): Finding => ({
      id: path,
      tool: { name: 'CodeQL' },
      rule: { id: 'js/insecure-randomness' },
      level: 'warning',
      cwe: [],
      message: 'm',
      location: { path, status: 'in-tree', region: { startLine: 1, startColumn: 18, endColumn: 31 } },
      relatedLocations: [],
      codeFlows: [],
      partialFingerprints: {},
      suppressed: false,
      suppressions: [],
      sources: [{ file: 's.sarif', runIndex: 0, resultIndex: 0, tool: 'CodeQL' }],
    });
    const run = await runFixes({
      root,
      findings: ['dir.js', 'pipe.js', 'ok.js'].map(finding),
      codemods: CODEMODS,
      write: false,
    });
    const byPath = new Map(run.outcomes.map((o) => [o.path, o]));
    expect(byPath.get('dir.js')?.status).toBe('unfixed');
    expect(byPath.get('pipe.js')?.status).toBe('unfixed');
    expect(byPath.get('ok.js')?.status).toBe('fixed');
  }, 20_000);
});
