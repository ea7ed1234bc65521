/**
 * Colour on a real terminal: the built binary on a pseudo-terminal colours the findings table
 * and draws a spinner; --no-color, TRUST_COLOR=false and NO_COLOR each leave no escape code at
 * all (colours, and the spinner's cursor moves and its own colours).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeCodes, runTrustOnPty } from './helpers/run-pty.js';
import { REPO_ROOT } from './helpers/run-trust.js';

const FIXTURE = join(REPO_ROOT, 'test/e2e/fixtures/multi-fix');
const FINDINGS = ['findings', 'codeql.sarif', 'eslint.sarif'];

describe('colour on a terminal', () => {
  it('colours the output on a TTY by default (the control: this pty is a terminal)', async () => {
    const r = await runTrustOnPty(FINDINGS, { cwd: FIXTURE });
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain('js/insecure-randomness');
    expect(escapeCodes(r.output)).toContain('\x1b[39m');
  });

  it.each([
    ['--no-color', ['--no-color'], {}],
    ['TRUST_COLOR=false', [], { TRUST_COLOR: 'false' }],
    ['NO_COLOR=1', [], { NO_COLOR: '1' }],
  ])('%s prints no escape code at all', async (_name, flags, env) => {
    const r = await runTrustOnPty([...FINDINGS, ...flags], { cwd: FIXTURE, env });
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain('js/insecure-randomness');
    expect(escapeCodes(r.output)).toEqual([]);
  });
});
