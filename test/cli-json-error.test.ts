/**
 * --json errors: a machine caller reading stdout gets a JSON error object there too (the
 * one-line reason stays on stderr), for usage, config, input and external errors.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from './helpers/git-repo.js';
import { hasStackTrace, runTrust } from './helpers/run-trust.js';

interface JsonError {
  error: { exitCode: number; kind: string; type: string; message: string; problems?: string[] };
}

const parse = (stdout: string) => JSON.parse(stdout) as JsonError;

describe('--json errors', () => {
  it('a bad flag: exit 2, a usage error object on stdout, the reason on stderr', async () => {
    const r = await runTrust(['findings', 'x.sarif', '--frobnicate', '--json']);
    expect(r.exitCode).toBe(2);
    expect(parse(r.stdout)).toEqual({
      error: { exitCode: 2, kind: 'usage', type: 'UsageError', message: "unknown option '--frobnicate'" },
    });
    expect(r.stderr.split('\n')[0]).toBe("trust: unknown option '--frobnicate'");
  });

  it('an unreadable SARIF file: an input error object naming the file', async () => {
    const dir = makeTempDir();
    const r = await runTrust(['findings', 'missing.sarif', '--json'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    const { error } = parse(r.stdout);
    expect(error).toMatchObject({ exitCode: 2, kind: 'usage', type: 'InputError' });
    expect(error.message).toContain('missing.sarif');
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
  });

  it('TRUST_JSON=true works too, and a config error lists every problem with its dot-path', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'trust.config.json'), JSON.stringify({ sarif: { strict: 'yes', nope: 1 } }));
    const r = await runTrust(['findings', 'a.sarif'], { cwd: dir, env: { TRUST_JSON: 'true' } });
    expect(r.exitCode).toBe(2);
    const { error } = parse(r.stdout);
    expect(error).toMatchObject({ exitCode: 2, kind: 'usage', type: 'ConfigError' });
    expect(error.problems).toEqual(
      expect.arrayContaining(['sarif.strict: must be boolean', 'sarif.nope: unknown key']),
    );
  });

  it('without --json, stdout stays empty on an error', async () => {
    const r = await runTrust(['findings', 'x.sarif', '--frobnicate']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
  });
});
