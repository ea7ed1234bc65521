import { describe, expect, it } from 'vitest';
import { fillPlaceholders, formatMessage } from './message.js';
import { normalizeResult, type RunState } from './normalize.js';
import { RuleTable } from './rules.js';
import { cweIds, securitySeverity } from './taxonomy.js';
import { PathResolver } from './uri.js';

function runState(run: Record<string, unknown>): RunState {
  return { file: 'x.sarif', runIndex: 0, tool: { name: 'T' }, rules: new RuleTable(run), paths: {} };
}
const resolver = new PathResolver({ root: '/nonexistent-root' });

describe('message', () => {
  it('fills placeholders, keeps unknown ones, unescapes doubled braces', () => {
    expect(fillPlaceholders('{0} flows to {1}; {{literal}} {5}', ['a', 'b'])).toBe(
      'a flows to b; {literal} {5}',
    );
  });
  it('prefers text, then markdown, then the rule messageStrings', () => {
    const strings = { default: { text: 'Variable "{0}" unused.' } };
    expect(formatMessage({ text: 't', markdown: 'm' }, strings, undefined)).toBe('t');
    expect(formatMessage({ markdown: 'set to {0}', arguments: ['x'] }, strings, undefined)).toBe('set to x');
    expect(formatMessage({ id: 'default', arguments: ['p'] }, strings, undefined)).toBe(
      'Variable "p" unused.',
    );
  });
});

describe('taxonomy', () => {
  it('reads CWE ids in every spelling scanners use', () => {
    const rule = {
      properties: {
        tags: ['external/cwe/cwe-079', 'CWE-89: SQL Injection', 'cwe:22', 'security', 'OWASP-A03'],
        cwe: ['CWE-601', 611],
      },
      relationships: [{ target: { id: '327', toolComponent: { name: 'CWE' } } }],
    };
    expect(cweIds(rule, { taxa: [{ id: 'CWE-798' }] })).toEqual([22, 79, 89, 327, 601, 611, 798]);
  });
  it('takes a numeric security-severity, the result over the rule, and ignores words', () => {
    expect(securitySeverity({ properties: { 'security-severity': '7.5' } }, {})).toBe(7.5);
    expect(
      securitySeverity(
        { properties: { 'security-severity': '7.5' } },
        { properties: { 'security-severity': 3 } },
      ),
    ).toBe(3);
    expect(securitySeverity({ properties: { 'security-severity': 'HIGH' } }, {})).toBeUndefined();
  });
});

describe('rules', () => {
  const run = {
    tool: {
      driver: { name: 'CodeQL', rules: [{ id: 'js/a' }] },
      extensions: [{ name: 'codeql/js-queries', rules: [{ id: 'js/b' }, { id: 'js/c', name: 'C' }] }],
    },
  };
  const table = new RuleTable(run);
  it('finds rules by id, index, extension index or name, and hierarchical id', () => {
    expect(table.find({ ruleId: 'js/c' }).rule?.name).toBe('C');
    expect(table.find({ rule: { index: 1, toolComponent: { index: 0 } } }).id).toBe('js/c');
    expect(table.find({ rule: { index: 0, toolComponent: { name: 'codeql/js-queries' } } }).id).toBe('js/b');
    expect(table.find({ ruleId: 'js/a/2' }).rule?.id).toBe('js/a');
    expect(table.find({ ruleId: 'js/b', ruleIndex: 0 }).rule?.id).toBe('js/b'); // index disagrees: trust the id
    expect(table.find({}).id).toBe('unknown-rule');
  });
});

describe('normalizeResult', () => {
  const base = { message: { text: 'm' }, ruleId: 'R' };
  const suppressed = (suppressions: unknown[]) =>
    normalizeResult({ ...base, suppressions }, 0, runState({}), resolver).suppressed;

  it('suppressed when every suppression is accepted or has no status', () => {
    expect(suppressed([{ kind: 'inSource' }])).toBe(true);
    expect(suppressed([{ kind: 'external', status: 'accepted' }])).toBe(true);
    expect(suppressed([{ kind: 'external', status: 'underReview' }])).toBe(false);
    expect(suppressed([{ kind: 'external', status: 'rejected' }])).toBe(false);
    expect(suppressed([])).toBe(false);
  });

  it('level: result, else rule default, else warning (none for informational kinds)', () => {
    const run = runState({
      tool: { driver: { rules: [{ id: 'R', defaultConfiguration: { level: 'error' } }] } },
    });
    expect(normalizeResult({ ...base, level: 'note' }, 0, run, resolver).level).toBe('note');
    expect(normalizeResult(base, 0, run, resolver).level).toBe('error');
    expect(normalizeResult({ ...base, ruleId: 'X' }, 0, run, resolver).level).toBe('warning');
    expect(normalizeResult({ ...base, ruleId: 'X', kind: 'review' }, 0, run, resolver).level).toBe('none');
  });

  it('drops snippets of secret scanners', () => {
    const run = { ...runState({}), tool: { name: 'gitleaks' } };
    const loc = {
      physicalLocation: {
        artifactLocation: { uri: 'a.py' },
        region: { startLine: 1, snippet: { text: 'AKIA...' } },
      },
    };
    const f = normalizeResult({ ...base, locations: [loc] }, 0, run, resolver);
    expect(f.location.region).toEqual({ startLine: 1 });
  });
});
