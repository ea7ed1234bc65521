import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CODEMODS } from '../../codemods/index.js';
import { loadFindings } from '../sarif/index.js';
import { classifyFindings } from './classify.js';

const root = mkdtempSync(join(tmpdir(), 'trust-objinj-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Each case: a line of code and the `obj[key]` text on it that ESLint reports. */
async function triage(file: string, lines: [string, string][], rule = 'security/detect-object-injection') {
  writeFileSync(join(root, file), `${lines.map(([code]) => code).join('\n')}\n`);
  const results = lines.map(([code, at], i) => {
    const col = code.lastIndexOf(at) + 1;
    if (col === 0) throw new Error(`${at} not in ${code}`);
    return {
      ruleId: rule,
      level: 'warning',
      message: { text: 'Generic Object Injection Sink' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: file },
            region: { startLine: i + 1, startColumn: col, endLine: i + 1, endColumn: col + at.length },
          },
        },
      ],
    };
  });
  const sarif = {
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'ESLint', rules: [{ id: rule }] } }, results }],
  };
  const path = join(root, `${file}.sarif`);
  writeFileSync(path, JSON.stringify(sarif));
  const { findings } = await loadFindings([path], { root });
  return classifyFindings(findings, root, CODEMODS)
    .sort((a, b) => (a.finding.location.region?.startLine ?? 0) - (b.finding.location.region?.startLine ?? 0))
    .map((d) => ({ decision: d.decision, rule: d.rule, justification: d.justification }));
}

describe('object-injection triage', () => {
  it('calls reads and writes through keys that cannot be prototype keys false positives, and says why', async () => {
    const out = await triage('keys.js', [
      ['for (let i = 0; i < xs.length; i++) out[i] = xs[i]', 'out[i]'],
      ['for (let j = 0; j < xs.length; j++) use(xs[j])', 'xs[j]'],
      ['for (const k in conf) use(conf[k])', 'conf[k]'],
      ['for (const [k, v] of Object.entries(conf)) use(conf[k], v)', 'conf[k]'],
      ['Object.keys(conf).forEach((k) => use(conf[k]))', 'conf[k]'],
      ['const last = xs[xs.length - 1]', 'xs[xs.length - 1]'],
    ]);
    expect(out.map((d) => d.rule)).toEqual([
      'trust/object-injection-safe-key',
      'trust/object-injection-safe-key',
      'trust/object-injection-own-key',
      'trust/object-injection-own-key',
      'trust/object-injection-own-key',
      'trust/object-injection-safe-key',
    ]);
    expect(out.every((d) => d.decision === 'false_positive')).toBe(true);
    expect(out[0]!.justification).toBe(
      'an assignment of out[i]: the key i is a numeric loop index, so it cannot name __proto__, constructor or prototype [trust/object-injection-safe-key]',
    );
    expect(out[2]!.justification).toContain('a read of conf[k]: k comes from for…in over conf itself');
    expect(out[3]!.justification).toContain('Object.entries(conf) of the same object');
  });

  it('uses TypeScript annotations: number, literal unions and their aliases', async () => {
    const out = await triage('typed.ts', [
      [
        "type Side = 'left' | 'right'; export const pick = (s: Side, o: Record<Side, number>) => o[s]",
        'o[s]',
      ],
      ['export function at(n: number, xs: string[]) { return xs[n] }', 'xs[n]'],
      ['export function set(k: string, o: Record<string, number>) { o[k] = 1 }', 'o[k]'],
      ['export const get = (k: Unknown, o: Record<string, number>) => o[k]', 'o[k]'],
    ]);
    expect(out.map((d) => d.decision)).toEqual([
      'false_positive',
      'false_positive',
      'needs_review',
      'needs_review',
    ]);
    expect(out[0]!.justification).toContain('a read of o[s]: the key s has the literal type Side');
    expect(out[1]!.justification).toContain('the key n is declared a number');
  });

  it('leaves writes through untrusted keys and unproven reads for review, each saying which it is', async () => {
    const out = await triage('app.js', [
      ['app.post("/s", (req, res) => { store[req.body.key] = req.body.value })', 'store[req.body.key]'],
      ['function bump(counts, k) { counts[k]++ }', 'counts[k]'],
      ['function add(totals, k, n) { totals[k] += n }', 'totals[k]'],
      ['function get(settings, name) { return settings[name] }', 'settings[name]'],
      ['function run(handlers, name) { return handlers[name]() }', 'handlers[name]'],
      ['for (const k of Object.keys(a)) b[k] = a[k]', 'b[k]'],
    ]);
    expect(out.map((d) => [d.decision, d.rule])).toEqual([
      ['needs_review', 'trust/object-injection-write'],
      ['needs_review', 'trust/object-injection-write'],
      ['needs_review', 'trust/object-injection-write'],
      ['needs_review', 'trust/object-injection-read'],
      ['needs_review', 'trust/object-injection-read'],
      ['needs_review', 'trust/object-injection-write'],
    ]);
    expect(out[1]!.justification).toContain('an update (++) of counts[k]');
    expect(out[2]!.justification).toContain('a compound assignment (+=) of totals[k]');
    expect(out[4]!.justification).toContain('a method call through handlers[name]');
  });

  it('applies the same reasoning to CodeQL and Semgrep prototype-pollution rules, and to no other rule', async () => {
    const line: [string, string][] = [['for (let i = 0; i < n; i++) out[i] = 0', 'out[i]']];
    expect((await triage('codeql.js', line, 'js/prototype-polluting-assignment'))[0]!.rule).toBe(
      'trust/object-injection-safe-key',
    );
    expect((await triage('other.js', line, 'security/detect-non-literal-regexp'))[0]!.rule).toBe(
      'trust/default',
    );
  });
});
