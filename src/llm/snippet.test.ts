import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../sarif/finding.js';
import { SourceRedactor } from './redact-source.js';
import { buildSnippet, MAX_REGION_LINES, type Snippet } from './snippet.js';

const root = mkdtempSync(join(tmpdir(), 'trust-snippet-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

function at(path: string, line: number, extra: Partial<Finding> = {}): Finding {
  return {
    id: 'x',
    tool: { name: 't' },
    rule: { id: 'r', help: 'help text' },
    level: 'error',
    cwe: [],
    message: 'm',
    location: { path, status: 'in-tree', region: { startLine: line } },
    relatedLocations: [],
    codeFlows: [],
    partialFingerprints: {},
    suppressed: false,
    suppressions: [],
    sources: [],
    ...extra,
  };
}

function snippet(path: string, line: number, extra: Partial<Finding> = {}): Snippet {
  const built = buildSnippet({ root, finding: at(path, line, extra), redactor: new SourceRedactor() });
  if ('unavailable' in built) throw new Error(built.unavailable);
  return built.snippet;
}

const filler = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i} = ${i};`).join('\n');

describe('buildSnippet', () => {
  it('sends the enclosing function and the import lines, not the whole file', () => {
    write(
      'src/app.js',
      `import fs from 'node:fs';\nconst db = require('./db');\n\n${filler(100, 'var a')}\n\nfunction handler(req) {\n  const id = req.id;\n  return db.query('x' + id);\n}\n\n${filler(100, 'var b')}\n`,
    );
    const s = snippet('src/app.js', 107);
    expect(s.region).toEqual({ startLine: 105, endLine: 108 });
    expect(s.regionText.split('\n')[0]).toBe('function handler(req) {');
    expect(s.imports.map((l) => l.text)).toEqual([
      "import fs from 'node:fs';",
      "const db = require('./db');",
    ]);
    expect(s.codeBytes).toBeLessThan(s.fileBytes / 10);
  });

  it('bounds a long function to the largest enclosing block that fits', () => {
    const body = filler(150, '  var c');
    write('src/long.js', `function huge() {\n${body}\n  if (x) {\n    run(x);\n  }\n}\n`);
    const s = snippet('src/long.js', 154);
    expect(s.region.endLine - s.region.startLine + 1).toBeLessThanOrEqual(MAX_REGION_LINES);
    expect(s.region.startLine).toBeLessThanOrEqual(154);
    expect(s.region.endLine).toBeGreaterThanOrEqual(154);
  });

  it('keeps Python decorators and Java annotations with their function', () => {
    write(
      'app/views.py',
      'import os\n\n\n@login_required\ndef view(request):\n    return open(request.GET["f"]).read()\n',
    );
    expect(snippet('app/views.py', 6).regionText).toMatch(/^@login_required\ndef view/);
    write(
      'src/A.java',
      'import java.io.File;\n\nclass A {\n  @PreAuthorize("x")\n  String m(String p) {\n    return new File(p).getName();\n  }\n}\n',
    );
    const j = snippet('src/A.java', 6);
    expect(j.regionText).toMatch(/^ {2}@PreAuthorize\("x"\)\n {2}String m/);
    expect(j.imports.map((l) => l.text)).toEqual(['import java.io.File;']);
  });

  it('falls back to a window of lines for a file trust cannot parse', () => {
    write('src/main.go', `${filler(60, 'x')}\n`);
    const s = snippet('src/main.go', 30);
    expect(s.language).toBeUndefined();
    expect(s.region).toEqual({ startLine: 20, endLine: 40 });
  });

  it('adds short excerpts at code-flow steps in other files', () => {
    write('src/source.js', 'function read(req) {\n  return req.query.q;\n}\n');
    write('src/sink.js', 'function run(q) {\n  eval(q);\n}\n');
    const flowStep = (path: string, line: number) => ({
      location: { path, status: 'in-tree' as const, region: { startLine: line } },
      message: 'step',
    });
    const s = snippet('src/sink.js', 2, {
      codeFlows: [{ threadFlows: [[flowStep('src/source.js', 2), flowStep('src/sink.js', 2)]] }],
    });
    expect(s.flow).toEqual([
      {
        path: 'src/source.js',
        line: 2,
        message: 'step',
        lines: [
          { line: 1, text: 'function read(req) {' },
          { line: 2, text: '  return req.query.q;' },
          { line: 3, text: '}' },
        ],
      },
    ]);
  });

  it('refuses a location outside the repository', () => {
    const built = buildSnippet({
      root,
      finding: { ...at('x.js', 1), location: { status: 'out-of-tree', uri: '/etc/passwd' } },
      redactor: new SourceRedactor(),
    });
    expect(built).toEqual({ unavailable: 'the finding has no location inside the repository' });
  });
});

describe('lineMap', () => {
  it('follows lines moved by insertions above and changes around them', async () => {
    const { lineMap } = await import('./diff.js');
    const before = 'a\nb\nc\nd\ne\n';
    const after = 'import x\na\nB\nc\nd\ne\nhelper\n';
    const map = lineMap(before, after);
    expect([1, 2, 3, 4, 5].map(map)).toEqual([2, 3, 4, 5, 6]);
  });
});
