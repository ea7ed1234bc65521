import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Output, type OutputOptions } from '../core/output.js';
import { Redactor } from '../core/redact.js';
import { createVerifyProgress, outcome, seconds } from './progress.js';
import type { CommandRun } from './types.js';

const SECRET = 'ghp_progressCanary0123456789abcdef';
const TESTS = { name: 'tests', command: 'npm test' };

function capture(options: OutputOptions) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const redactor = new Redactor();
  redactor.add(SECRET);
  const out = new Output({
    env: {},
    stdout: { write: (s: string) => stdout.push(s) },
    stderr: { write: (s: string) => stderr.push(s), isTTY: true },
    redactor,
    ...options,
  });
  return { out, stdout, stderr };
}

function run(over: Partial<CommandRun>): CommandRun {
  return {
    name: 'tests',
    command: 'npm test',
    exitCode: 0,
    durationMs: 4200,
    timedOut: false,
    outputTail: '',
    ...over,
  };
}

describe('verify progress', () => {
  it('in CI: one plain line per command when it ends, redacted', async () => {
    const { out, stdout } = capture({ mode: 'plain' });
    const progress = await createVerifyProgress(out);
    progress.start('baseline', TESTS);
    progress.end('baseline', run({}));
    progress.start('check', { name: 'typecheck', command: 'tsc --noEmit' });
    progress.end(
      'check',
      run({ name: 'typecheck', command: 'tsc --noEmit', exitCode: 2, durationMs: 12_400 }),
    );
    progress.start('scan', { name: 'eslint', command: 'eslint -o {sarif} .' });
    progress.end(
      'scan',
      run({ name: 'eslint', command: 'eslint -o {sarif} .', exitCode: 1, durationMs: 900 }),
    );
    const hang = { name: 'hang', command: `sleep 999 --token ${SECRET}` };
    progress.start('check', hang);
    progress.end('check', run({ ...hang, exitCode: null, timedOut: true, durationMs: 600_000 }));
    expect(stdout.join('')).toBe(
      [
        'verify: running tests (npm test) before the fixes… ok in 4.2s',
        'verify: running typecheck (tsc --noEmit)… failed (exit 2) in 12s',
        'verify: running eslint (eslint -o {sarif} .)… done (exit 1) in 0.9s',
        'verify: running hang (sleep 999 --token ***)… timed out after 10m 00s (killed)',
        '',
      ].join('\n'),
    );
  });

  it('in CI: a long command is reported as still running, and no more once it ended', async () => {
    const { out, stdout } = capture({ mode: 'plain' });
    const progress = await createVerifyProgress(out, { heartbeatMs: 20 });
    progress.start('check', TESTS);
    await sleep(150);
    progress.end('check', run({}));
    const lines = stdout.join('').trimEnd().split('\n');
    expect(lines.at(-1)).toBe('verify: running tests (npm test)… ok in 4.2s');
    expect(lines.length).toBeGreaterThan(1);
    expect(
      lines.slice(0, -1).every((l) => /^verify: tests \(npm test\) still running after \d\.\ds…$/.test(l)),
    ).toBe(true);
    const count = stdout.length;
    await sleep(80);
    expect(stdout.length).toBe(count);
  });

  it('on a terminal: a live spinner line on stderr names the command, then its outcome', async () => {
    // @clack/prompts draws on a real stream (it listens for resizes): a terminal-like PassThrough.
    const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 120, rows: 40 });
    const stderr: string[] = [];
    terminal.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    const { out, stdout } = capture({ mode: 'tty', color: true, stderr: terminal });
    const progress = await createVerifyProgress(out);
    progress.start('check', { name: 'tests', command: `npm test -- ${SECRET}` });
    await sleep(1300);
    progress.end('check', run({ command: `npm test -- ${SECRET}`, exitCode: 1 }));
    const drawn = stderr.join('');
    expect(stdout).toEqual([]);
    expect(drawn).toMatch(/verify: running tests \(npm test -- \*\*\*\) \d+(\.\d)?s/);
    expect(drawn).toContain('verify: tests (npm test -- ***): failed (exit 1) in 4.2s');
    expect(drawn).not.toContain(SECRET);
  });

  it('--quiet prints no progress; --json moves it to stderr', async () => {
    const quiet = capture({ mode: 'plain', quiet: true });
    const q = await createVerifyProgress(quiet.out);
    q.start('check', TESTS);
    q.end('check', run({}));
    expect([...quiet.stdout, ...quiet.stderr]).toEqual([]);
    const json = capture({ mode: 'tty', json: true });
    const j = await createVerifyProgress(json.out);
    j.start('check', TESTS);
    j.end('check', run({}));
    expect(json.stdout).toEqual([]);
    expect(json.stderr.join('')).toBe('verify: running tests (npm test)… ok in 4.2s\n');
  });

  it('formats durations and outcomes', () => {
    expect([400, 4200, 42_000, 185_000].map(seconds)).toEqual(['0.4s', '4.2s', '42s', '3m 05s']);
    expect(outcome(run({ exitCode: null, durationMs: 1000 }))).toBe('killed after 1.0s');
  });
});
