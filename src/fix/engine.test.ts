import { describe, expect, it } from 'vitest';
import type { Finding } from '../sarif/finding.js';
import { type Codemod, defineCodemod } from './codemod.js';
import { fixFile } from './engine.js';
import { normalizeTool, routeFinding, selectCodemods } from './route.js';

function finding(rule: string, line: number, col: number, endCol: number, tool = 'CodeQL'): Finding {
  return {
    id: `${rule}:${line}:${col}`,
    tool: { name: tool },
    rule: { id: rule },
    level: 'warning',
    cwe: [],
    message: 'm',
    location: {
      path: 'a.js',
      status: 'in-tree',
      region: { startLine: line, startColumn: col, endColumn: endCol },
    },
    relatedLocations: [],
    codeFlows: [],
    partialFingerprints: {},
    suppressed: false,
    suppressions: [],
    sources: [{ file: 's.sarif', runIndex: 0, resultIndex: 0, tool }],
  };
}

const base = {
  title: 't',
  description: 'd',
  cwe: [1],
  languages: ['javascript'] as const,
  reviewGuidance: 'merge-without-review' as const,
  references: [],
};

/** foo(x) -> bar(x), a template codemod. */
const fooToBar = defineCodemod({
  ...base,
  id: 'test:js/foo',
  rules: { codeql: ['r/foo'] },
  match: { pattern: 'foo($X)' },
  fix: 'bar($X)',
});
/** Wraps a whole call statement: overlaps fooToBar's edit. */
const wrapCall = defineCodemod({
  ...base,
  id: 'test:js/wrap',
  rules: { codeql: ['r/wrap'] },
  match: { pattern: 'foo($X)' },
  transform: (ctx) => [ctx.replace(ctx.node, `wrapped(${ctx.node.text()})`)],
});
/** Produces code that does not parse. */
const breaker = defineCodemod({
  ...base,
  id: 'test:js/break',
  rules: { codeql: ['r/break'] },
  match: { pattern: 'baz($X)' },
  transform: (ctx) => [ctx.replace(ctx.node, 'baz((')],
});
const CODEMODS: Codemod[] = [fooToBar, wrapCall, breaker];

const run = (source: string, findings: Finding[], codemods = CODEMODS) =>
  fixFile({ path: 'a.js', language: 'javascript', source, findings, codemods });

describe('fix engine', () => {
  it('fixes by template, tolerating an off-by-one column', () => {
    const r = run('foo(1);\n', [finding('r/foo', 1, 2, 8)]);
    expect(r.after).toBe('bar(1);\n');
    expect(r.outcomes[0]?.status).toBe('fixed');
  });

  it('merges identical edits of two reports of one node and reports both fixed', () => {
    const r = run('foo(1);\n', [finding('r/foo', 1, 1, 7), finding('r/foo', 1, 2, 8)]);
    expect(r.after).toBe('bar(1);\n');
    expect(r.outcomes.map((o) => o.status)).toEqual(['fixed', 'fixed']);
    expect(r.fixes[1]?.merged).toBe(true);
  });

  it('leaves the later of two overlapping fixes unfixed, with a reason', () => {
    const r = run('foo(1);\n', [finding('r/foo', 1, 1, 7), finding('r/wrap', 1, 1, 7)]);
    expect(r.after).toBe('bar(1);\n');
    expect(r.outcomes[1]?.status).toBe('unfixed');
    expect(r.outcomes[1]?.reason).toMatch(/overlaps the fix of another finding on line 1/);
  });

  it('drops the whole file when the result would not parse', () => {
    const r = run('foo(1);\nbaz(2);\n', [finding('r/foo', 1, 1, 7), finding('r/break', 2, 1, 7)]);
    expect(r.after).toBe('foo(1);\nbaz(2);\n');
    expect(r.dropped).toMatch(/would not parse \(line 2\)/);
    expect(r.outcomes.every((o) => o.status === 'unfixed')).toBe(true);
  });

  it('refuses files that do not parse and findings no codemod answers', () => {
    expect(run('foo(1;\n', [finding('r/foo', 1, 1, 6)]).outcomes[0]?.reason).toMatch(/does not parse/);
    expect(run('foo(1);\n', [finding('r/other', 1, 1, 7)]).outcomes[0]?.reason).toBe(
      'no codemod for CodeQL rule r/other',
    );
  });

  it('reports a location past the end of the file or off the code', () => {
    expect(run('foo(1);\n', [finding('r/foo', 9, 1, 7)]).outcomes[0]?.reason).toMatch(
      /past the end of the file/,
    );
    expect(run('foo(1);\nlet y = 2;\n', [finding('r/foo', 2, 5, 6)]).outcomes[0]?.reason).toMatch(
      /is not something this codemod fixes/,
    );
  });

  it('refuses to guess between two candidates on a whole-line region', () => {
    const f = finding('r/foo', 1, 1, 1);
    f.location.region = { startLine: 1 };
    const r = run('foo(1); foo(2);\n', [f]);
    expect(r.outcomes[0]?.reason).toMatch(/2 places this codemod fixes lie in the reported region/);
  });
});

describe('routing', () => {
  it('normalises scanner names and matches prefixed Semgrep ids', () => {
    expect(['CodeQL', 'Semgrep OSS', 'ESLint', 'Bandit', 'SonarQube', 'Snyk'].map(normalizeTool)).toEqual([
      'codeql',
      'semgrep',
      'eslint',
      'bandit',
      'sonar',
      'other',
    ]);
    const semgrep = defineCodemod({ ...fooToBar, rules: { semgrep: ['javascript.lang.x.y'] } });
    const f = finding('rules.javascript.lang.x.y', 1, 1, 2, 'Semgrep OSS');
    expect(routeFinding([semgrep], f, 'javascript')).toHaveLength(1);
    expect(routeFinding([semgrep], f, 'python')).toHaveLength(0);
  });

  it('selects codemods by --only / --exclude forms', () => {
    const ids = (o: Parameters<typeof selectCodemods>[1]) => selectCodemods(CODEMODS, o).map((c) => c.id);
    expect(ids({ only: ['test:js/foo'] })).toEqual(['test:js/foo']);
    expect(ids({ exclude: ['test:js/*'] })).toEqual([]);
  });
});
