/**
 * verify/test-count: what a test runner printed, read back for the report: how many tests
 * passed of how many ("333/333 tests pass"), and which failed (a dropped fix's reason names
 * them). Runners that print neither leave the report at "tests pass" and the output's tail.
 */

export interface TestCount {
  passed: number;
  total: number;
}

const n = (s: string | undefined) => (s === undefined ? 0 : Number(s));

type Parser = (output: string) => TestCount | undefined;

/** One per runner, tried in order; each reads that runner's summary line. */
const PARSERS: readonly Parser[] = [
  // node:test (TAP "# tests 12", spec "ℹ tests 12") with its pass line.
  (out) => {
    const tests = [...out.matchAll(/^(?:#|ℹ)\s*tests\s+(\d+)\s*$/gm)].at(-1);
    const pass = [...out.matchAll(/^(?:#|ℹ)\s*pass\s+(\d+)\s*$/gm)].at(-1);
    return tests && pass ? { passed: n(pass[1]), total: n(tests[1]) } : undefined;
  },
  // jest: "Tests:       1 failed, 332 passed, 333 total"
  (out) => {
    const m = /^Tests:\s+(?:.*?(\d+) passed,\s*)?.*?(\d+) total/m.exec(out);
    return m ? { passed: n(m[1]), total: n(m[2]) } : undefined;
  },
  // vitest: "      Tests  333 passed (333)" or "Tests  1 failed | 332 passed (333)"
  (out) => {
    const m = /^\s*Tests\s+(?:.*?(\d+) passed)?[^(\n]*\((\d+)\)/m.exec(out);
    return m ? { passed: n(m[1]), total: n(m[2]) } : undefined;
  },
  // maven surefire: "Tests run: 333, Failures: 0, Errors: 0, Skipped: 0" (the last one is the total)
  (out) => {
    const m = [...out.matchAll(/Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)/g)].at(-1);
    if (!m) return undefined;
    const total = n(m[1]) - n(m[4]);
    return { passed: total - n(m[2]) - n(m[3]), total };
  },
  // pytest: "==== 2 failed, 331 passed in 1.20s ===="
  (out) => {
    const line = /^=+ (.*\d+ (?:passed|failed).*) in [\d.]+s/m.exec(out)?.[1];
    if (!line) return undefined;
    const passed = n(/(\d+) passed/.exec(line)?.[1]);
    const failed = n(/(\d+) failed/.exec(line)?.[1]) + n(/(\d+) errors?/.exec(line)?.[1]);
    return { passed, total: passed + failed };
  },
  // mocha: "  333 passing" / "  2 failing"
  (out) => {
    const passing = /^\s*(\d+) passing\b/m.exec(out);
    if (!passing) return undefined;
    const failing = n(/^\s*(\d+) failing\b/m.exec(out)?.[1]);
    return { passed: n(passing[1]), total: n(passing[1]) + failing };
  },
];

/** The summary a known runner printed; undefined when none was found. */
export function testCount(output: string): TestCount | undefined {
  for (const parse of PARSERS) {
    const count = parse(output);
    if (count) return count;
  }
  return undefined;
}

/** Names of the tests the output says failed, first ones first. */
export function failingTests(output: string, most = 3): string[] {
  const names: string[] = [];
  const add = (name: string | undefined) => {
    const t = name?.trim();
    if (t && !names.includes(t)) names.push(t);
  };
  // TAP (node:test, tape): "not ok 2 - rejects bad input"; skip the file-level wrapper lines.
  for (const m of output.matchAll(/^\s*not ok \d+ - (.+?)(?:\s+#.*)?$/gm)) add(m[1]);
  // node:test spec reporter "✖ name (1.2ms)", vitest "× name", jest "✕ name"
  for (const m of output.matchAll(/^\s*[✖×✕]\s+(.+?)(?:\s+\(?\d+(?:\.\d+)?\s*m?s\)?)?$/gm)) add(m[1]);
  // pytest "FAILED tests/test_a.py::test_b - AssertionError"
  for (const m of output.matchAll(/^FAILED (\S+)/gm)) add(m[1]);
  // jest/vitest file lines "FAIL  src/a.test.ts > name"
  for (const m of output.matchAll(/^\s*FAIL\s+(.+)$/gm)) add(m[1]);
  return names.filter((name) => !/^(?:tests?|subtests?)\s+\d+/.test(name)).slice(0, most);
}
