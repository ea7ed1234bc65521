/**
 * A reader that closes the pipe early (`| head -1`, a real coreutils head through bash) ends
 * trust quietly: exit 0, nothing on stderr, no stack, and the demo's temporary folders are
 * gone (TMPDIR points at a fresh folder that must be empty afterwards).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from './helpers/git-repo.js';
import { TRUST_BIN } from './helpers/run-trust.js';

/** `trust <args> | head -1` in bash; trust's own exit code comes from PIPESTATUS. */
async function pipeToHead(args: string[], options: { cwd: string; tmp: string }) {
  const quoted = [process.execPath, TRUST_BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`);
  const r = await execa(
    'bash',
    ['-c', `${quoted.join(' ')} | head -1; echo "trust-exit=\${PIPESTATUS[0]}" >&2`],
    {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: options.tmp },
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
      timeout: 120_000,
    },
  );
  const stderr = String(r.stderr);
  const exit = /trust-exit=(\d+)/.exec(stderr)?.[1];
  return {
    stdout: String(r.stdout),
    stderr: stderr.replace(/trust-exit=\d+\n?/, ''),
    exitCode: Number(exit),
  };
}

/** A SARIF file with `n` results: its findings table is far larger than a pipe's buffer. */
function bigSarif(n: number): string {
  return JSON.stringify({
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Semgrep', rules: [{ id: 'js-eval' }] } },
        results: Array.from({ length: n }, (_, i) => ({
          ruleId: 'js-eval',
          level: 'error',
          message: { text: `eval of user input number ${i} in a long enough message to fill the pipe` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: `src/file-${i}.js` },
                region: { startLine: i + 1 },
              },
            },
          ],
        })),
      },
    ],
  });
}

describe('a closed stdout', () => {
  it('trust demo | head -1: exit 0, quiet, and no temporary folder left behind', async () => {
    const tmp = makeTempDir('trust-pipe-tmp-');
    const r = await pipeToHead(['demo'], { cwd: tmp, tmp });
    expect(r.stdout).toMatch(/^trust demo: acme-notes/);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it.each([[[]], [['--json']]])('trust findings %j | head -1: exit 0, no error on stderr', async (extra) => {
    const dir = makeTempDir('trust-pipe-');
    writeFileSync(join(dir, 'big.sarif'), bigSarif(4000));
    const r = await pipeToHead(['findings', 'big.sarif', ...extra], { cwd: dir, tmp: dir });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    // With --json the human summary goes to stderr, as always; nothing else may.
    const human = extra.length ? ['4000 findings (4000 error) from 4000 results in 1 file'] : [];
    expect(r.stderr.trim().split('\n').filter(Boolean)).toEqual(human);
    expect(r.exitCode).toBe(0);
  });
});
