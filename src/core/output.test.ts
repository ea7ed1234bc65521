import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectMode, Output, type OutputOptions, renderTable } from './output.js';
import { Redactor } from './redact.js';

function capture(options: OutputOptions = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = new Output({
    env: {},
    stdout: { write: (s: string) => stdout.push(s) },
    stderr: { write: (s: string) => stderr.push(s) },
    redactor: new Redactor(),
    ...options,
  });
  return { out, stdout, stderr };
}

describe('Output', () => {
  it('detects the mode from the environment', () => {
    expect(detectMode({ GITHUB_ACTIONS: 'true', CI: 'true' }, false)).toBe('github');
    expect(detectMode({ GITLAB_CI: 'true', CI: 'true' }, false)).toBe('gitlab');
    expect(detectMode({}, true)).toBe('tty');
    expect(detectMode({ CI: 'true' }, true)).toBe('plain');
    expect(detectMode({}, false)).toBe('plain');
  });

  it('with --json, stdout carries only the JSON value', () => {
    const { out, stdout, stderr } = capture({ json: true, mode: 'plain' });
    out.info('reading 3 files');
    out.result('table here');
    out.warn('skipped one result');
    out.data([{ id: 'a' }]);
    expect(JSON.parse(stdout.join(''))).toEqual([{ id: 'a' }]);
    expect(stderr.join('')).toContain('reading 3 files');
    expect(stderr.join('')).toContain('table here');
  });

  it('writes GitHub annotations, groups and the step summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trust-out-'));
    const summary = join(dir, 'summary.md');
    const { out, stdout, stderr } = capture({
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(out.mode).toBe('github');
    out.warn('weak hash: 50%\nof it', { file: 'src/a,b.js', line: 3, title: 'js/weak' });
    await out.group('Ingest', async () => out.info('inside'));
    out.summary('## trust\n| a |');
    expect(stderr.join('')).toBe(
      '::warning file=src/a%2Cb.js,line=3,title=js/weak::weak hash: 50%25%0Aof it\n',
    );
    expect(stdout.join('')).toBe('::group::Ingest\ninside\n::endgroup::\n');
    expect(readFileSync(summary, 'utf8')).toBe('## trust\n| a |\n');
  });

  it('writes GitLab collapsible sections', async () => {
    const { out, stdout } = capture({ env: { GITLAB_CI: 'true' } });
    await out.group('Ingest', async () => out.info('inside'));
    const text = stdout.join('');
    expect(text).toMatch(/\x1b\[0Ksection_start:\d+:trust_1\[collapsed=true\]\r\x1b\[0KIngest\n/);
    expect(text).toMatch(/inside\n\x1b\[0Ksection_end:\d+:trust_1\r\x1b\[0K\n/);
  });

  it('honours NO_COLOR and --no-color on a TTY', () => {
    expect(capture({ mode: 'tty' }).out.color).toBe(true);
    expect(capture({ mode: 'tty', env: { NO_COLOR: '1' } }).out.color).toBe(false);
    expect(capture({ mode: 'tty', color: false }).out.color).toBe(false);
    expect(capture({ mode: 'plain' }).out.color).toBe(false);
  });

  it('redacts every line it writes', () => {
    const redactor = new Redactor();
    redactor.add('glpat-aaaabbbbccccdddd');
    const { out, stdout, stderr } = capture({ redactor, mode: 'plain', json: false });
    out.result('token glpat-aaaabbbbccccdddd');
    out.error('bad glpat-aaaabbbbccccdddd');
    expect(stdout.join('') + stderr.join('')).not.toContain('glpat-aaaabbbbccccdddd');
  });

  it('quiet suppresses info but not warnings or results', () => {
    const { out, stdout, stderr } = capture({ mode: 'plain', quiet: true });
    out.info('chatter');
    out.result('answer');
    out.warn('careful');
    expect(stdout.join('')).toBe('answer\n');
    expect(stderr.join('')).toContain('careful');
  });
});

describe('renderTable', () => {
  it('aligns columns', () => {
    expect(renderTable(['a', 'bb'], [['xxx', 'y']])).toBe('a    bb\n---  --\nxxx  y');
  });
});
