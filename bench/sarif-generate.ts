/**
 * Writes a CodeQL-like SARIF 2.1.0 file of a chosen size for bench/sarif-ingest: one run whose
 * rules live in `tool.extensions` (as CodeQL bundles do), pretty-printed like `codeql database
 * analyze`, with results carrying locations, partialFingerprints, relatedLocations and codeFlows
 * with several threadFlow steps, and `columnKind` after `results`. Deterministic (seeded), so
 * runs are comparable. Also writes the source files the results point at into `root`.
 */

import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

const RULES = [
  ['js/xss', 'Client-side cross-site scripting', '6.1', ['external/cwe/cwe-079', 'external/cwe/cwe-116']],
  ['js/sql-injection', 'Database query built from user-controlled sources', '8.8', ['external/cwe/cwe-089']],
  [
    'js/path-injection',
    'Uncontrolled data used in path expression',
    '7.5',
    ['external/cwe/cwe-022', 'external/cwe/cwe-073'],
  ],
  [
    'js/command-line-injection',
    'Uncontrolled command line',
    '9.8',
    ['external/cwe/cwe-078', 'external/cwe/cwe-088'],
  ],
  ['js/insecure-randomness', 'Insecure randomness', '7.8', ['external/cwe/cwe-338']],
  ['js/request-forgery', 'Server-side request forgery', '9.1', ['external/cwe/cwe-918']],
  ['js/code-injection', 'Code injection', '9.3', ['external/cwe/cwe-094', 'external/cwe/cwe-095']],
  [
    'js/prototype-pollution',
    'Prototype-polluting assignment',
    '6.1',
    ['external/cwe/cwe-078', 'external/cwe/cwe-915'],
  ],
] as const;

const STEPS = [
  'req.query.name : string',
  'name : string',
  '... + ... : string',
  'html : string',
  'sink(...)',
];

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SOURCE_FILES = 400;
export const SOURCE_LINES = 300;

function sourcePath(n: number): string {
  return `src/module-${n % 40}/handlers/route-handler-${n}.js`;
}

function rule([id, name, severity, tags]: (typeof RULES)[number], index: number): object {
  return {
    id,
    name: id,
    shortDescription: { text: name },
    fullDescription: { text: `${name}: a value from a remote source reaches a sensitive sink.` },
    defaultConfiguration: { level: 'error' },
    help: { text: `# ${name}\n\nValidate or encode untrusted input before use.\n`, markdown: `# ${name}\n` },
    properties: {
      tags: ['security', ...tags],
      description: name,
      id,
      kind: 'path-problem',
      name,
      precision: index % 2 ? 'high' : 'medium',
      'problem.severity': 'error',
      'security-severity': severity,
    },
  };
}

function physical(file: number, line: number, col: number): object {
  return {
    artifactLocation: { uri: sourcePath(file), uriBaseId: '%SRCROOT%', index: file },
    region: { startLine: line, startColumn: col, endColumn: col + 12 },
  };
}

function result(rnd: () => number, n: number): object {
  const ruleIndex = n % RULES.length;
  const file = Math.floor(rnd() * SOURCE_FILES);
  const line = 1 + Math.floor(rnd() * (SOURCE_LINES - 1));
  const sourceFile = Math.floor(rnd() * SOURCE_FILES);
  const steps = 4 + Math.floor(rnd() * 6);
  const flow = Array.from({ length: steps }, (_, k) => ({
    location: {
      physicalLocation: physical(
        k < steps - 1 ? sourceFile : file,
        1 + ((line + k * 7) % SOURCE_LINES),
        5 + k,
      ),
      message: { text: STEPS[k % STEPS.length] },
    },
  }));
  return {
    ruleId: RULES[ruleIndex]![0],
    ruleIndex,
    rule: { id: RULES[ruleIndex]![0], index: ruleIndex, toolComponent: { index: 0 } },
    message: { text: `This value depends on a [user-provided value](1) (result ${n}).` },
    locations: [{ physicalLocation: physical(file, line, 9) }],
    partialFingerprints: { primaryLocationLineHash: `${(n * 2654435761).toString(16).slice(-16)}:1` },
    codeFlows: [{ threadFlows: [{ locations: flow }] }, { threadFlows: [{ locations: flow.slice(1) }] }],
    relatedLocations: [
      { id: 1, physicalLocation: physical(sourceFile, line, 3), message: { text: 'user-provided value' } },
    ],
  };
}

/** Indents a pretty-printed value to sit `depth` levels deep in the file. */
function nest(value: object, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/** Writes at least `bytes` bytes of SARIF to `file`; returns the number of results. */
export function generateSarif(file: string, bytes: number): number {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  const rnd = random(42);
  let written = 0;
  let pending: string[] = [];
  let pendingLength = 0;
  const write = (text: string, force = false) => {
    pending.push(text);
    pendingLength += text.length;
    if (pendingLength < 1 << 22 && !force) return;
    written += writeSync(fd, pending.join(''));
    pending = [];
    pendingLength = 0;
  };
  const driver = { name: 'CodeQL', organization: 'GitHub', semanticVersion: '2.17.0', rules: [] };
  const extension = { name: 'codeql/javascript-queries', semanticVersion: '0.9.0', rules: RULES.map(rule) };
  const artifacts = Array.from({ length: SOURCE_FILES }, (_, n) => ({
    location: { uri: sourcePath(n), uriBaseId: '%SRCROOT%', index: n },
  }));
  write('{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0",\n');
  write(`  "runs": [\n    {\n      "tool": ${nest({ driver, extensions: [extension] }, 3)},\n`);
  write(`      "invocations": [{ "toolExecutionNotifications": [], "executionSuccessful": true }],\n`);
  write(`      "artifacts": ${nest(artifacts, 3)},\n      "results": [`);
  let n = 0;
  while (written + pendingLength < bytes) {
    write(`${n ? ',' : ''}\n        ${nest(result(rnd, n), 4)}`);
    n++;
  }
  write('\n      ],\n      "columnKind": "utf16CodeUnits",\n');
  write('      "properties": { "semmle.formatSpecifier": "sarifv2.1.0" }\n    }\n  ]\n}\n', true);
  closeSync(fd);
  return n;
}

/** The checkout the results point at: every source file, with enough lines. */
export function writeSources(root: string): void {
  for (let n = 0; n < SOURCE_FILES; n++) {
    const path = join(root, sourcePath(n));
    mkdirSync(dirname(path), { recursive: true });
    const lines = Array.from(
      { length: SOURCE_LINES },
      (_, k) => `  const v${k} = render(req.query.p${k}); // ${n}`,
    );
    writeFileSync(path, `${lines.join('\n')}\n`);
  }
}

export const BUNDLE_PATH = 'dist/bundle.min.js';

/**
 * The shape minified bundles and generated code produce: `count` results of one rule on one
 * line of one file, each at its own column, with no scanner fingerprints (so every one gets the
 * same line-text id and an ordinal). Every tenth result repeats the one before it exactly (a
 * re-run), so de-duplication merges as well as keeps. Writes the bundle into `root` too.
 */
export function generateSameLineSarif(file: string, root: string, count: number): void {
  const bundle = join(root, BUNDLE_PATH);
  mkdirSync(dirname(bundle), { recursive: true });
  writeFileSync(bundle, `${'var a=eval(x);'.repeat(64)}\n`);
  mkdirSync(dirname(file), { recursive: true });
  const results: string[] = [];
  for (let n = 0; n < count; n++) {
    const column = 1 + (n % 10 === 9 ? n - 1 : n);
    results.push(
      JSON.stringify({
        ruleId: 'no-eval',
        level: 'error',
        message: { text: 'eval can be harmful.' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: BUNDLE_PATH },
              region: { startLine: 1, startColumn: column, endLine: 1, endColumn: column + 4 },
            },
          },
        ],
      }),
    );
  }
  const driver = { name: 'ESLint', version: '9.39.0', rules: [{ id: 'no-eval' }] };
  const run = `{"tool":${JSON.stringify({ driver })},"results":[\n${results.join(',\n')}\n]}`;
  writeFileSync(file, `{"version":"2.1.0","runs":[${run}]}\n`);
}
