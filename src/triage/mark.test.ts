import { describe, expect, it } from 'vitest';
import type { FindingRef } from '../audit/index.js';
import { resolveNamed } from './mark.js';

const known: FindingRef[] = [
  { fingerprint: 'aaaa1111bbbb2222', tool: 'CodeQL', rule: 'js/xss', path: 'src/a.js', line: 7 },
  { fingerprint: 'aaaa1111cccc3333', tool: 'Semgrep', rule: 'js/xss', path: 'src/a.js', line: 7 },
  { fingerprint: 'dddd4444eeee5555', tool: 'Sonar', rule: 'javascript:S2068', path: 'src/b.js', line: 3 },
];

describe('resolveNamed', () => {
  it('finds by full fingerprint, unique prefix, or path:line:rule (every tool at that spot)', () => {
    expect(resolveNamed(['AAAA1111BBBB2222'], known, 'x').map((r) => r.tool)).toEqual(['CodeQL']);
    expect(resolveNamed(['dddd4444'], known, 'x').map((r) => r.tool)).toEqual(['Sonar']);
    expect(resolveNamed(['./src/a.js:7:js/xss'], known, 'x').map((r) => r.tool)).toEqual([
      'CodeQL',
      'Semgrep',
    ]);
    // A rule id with a colon of its own; a name given twice is one finding.
    expect(resolveNamed(['src/b.js:3:javascript:S2068', 'dddd4444eeee5555'], known, 'x')).toHaveLength(1);
  });

  it('refuses an ambiguous prefix, an unknown finding and a name of neither form', () => {
    expect(() => resolveNamed(['aaaa1111'], known, 'x')).toThrow(
      'finding aaaa1111 is ambiguous: 2 fingerprints',
    );
    expect(() => resolveNamed(['src/a.js:8:js/xss'], known, 'in a.sarif')).toThrow(
      'unknown finding src/a.js:8:js/xss: no such finding in a.sarif',
    );
    expect(() => resolveNamed(['ffff0000'], known, 'x')).toThrow('unknown finding ffff0000');
    expect(() => resolveNamed(['src/a.js'], known, 'x')).toThrow('give its fingerprint');
  });
});
