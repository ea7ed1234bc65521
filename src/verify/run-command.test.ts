import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandArgv, commandEnv, passed, runCommand } from './run-command.js';

const dir = mkdtempSync(join(tmpdir(), 'trust-run-command-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, body);
  return file;
}

describe('runCommand', () => {
  it('runs argv without a shell, in the repository, with {sarif} replaced', async () => {
    const s = script(
      'args.mjs',
      'console.log(JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd() }))',
    );
    const run = await runCommand(
      { name: 'scan', command: `node ${s} -o {sarif} "two words" ';' '$HOME'` },
      { cwd: dir, env: process.env, sarif: '/tmp/x.sarif' },
    );
    expect(passed(run)).toBe(true);
    expect(JSON.parse(run.outputTail)).toEqual({
      argv: ['-o', '/tmp/x.sarif', 'two words', ';', '$HOME'],
      cwd: dir,
    });
  });

  it('never hands forge, provider or trust secrets to the command (canary)', async () => {
    const out = join(dir, 'env.json');
    const s = script(
      'env.cjs',
      `require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.env))`,
    );
    const canary = 'canary-7f3a9c1e5b2d';
    const env = {
      PATH: process.env.PATH,
      HOME: dir,
      GITHUB_TOKEN: canary,
      GH_TOKEN: canary,
      GITLAB_TOKEN: canary,
      CI_JOB_TOKEN: canary,
      ANTHROPIC_API_KEY: canary,
      OPENAI_API_KEY: canary,
      TRUST_SIGNING_KEY: canary,
      TRUST_MASTER_KEY: canary,
      TRUST_LLM_API_KEY: canary,
      NPM_TOKEN: canary,
      MY_SERVICE_SECRET: canary,
      DB_PASSWORD: canary,
      KEEP_ME: 'visible',
    };
    const ok = await runCommand({ name: 'env', command: `node ${s}` }, { cwd: dir, env });
    expect(passed(ok)).toBe(true);
    const seen = readFileSync(out, 'utf8');
    expect(JSON.parse(seen).KEEP_ME).toBe('visible');
    expect(seen).not.toContain(canary);
  });

  it('kills a command that hangs at its timeout, with the processes it started, and counts it failed', async () => {
    // A parent that starts a child that never ends: killing the parent alone would leave the pipe open.
    const child = script('forever.cjs', 'setInterval(() => {}, 1000); console.log("child up")');
    const s = script(
      'hang.cjs',
      `require('node:child_process').spawn(process.execPath, [${JSON.stringify(child)}], { stdio: 'inherit' }); setInterval(() => {}, 1000)`,
    );
    const run = await runCommand(
      { name: 'tests', command: `node ${s}`, timeoutMs: 1500 },
      { cwd: dir, env: process.env },
    );
    expect(run.timedOut).toBe(true);
    expect(run.exitCode).toBeNull();
    expect(passed(run)).toBe(false);
    expect(run.outputTail).toContain('timed out');
  });

  it('reports a command that does not exist as failed, in one line', async () => {
    const run = await runCommand(
      { name: 'x', command: 'no-such-command-trust-verify --flag' },
      { cwd: dir, env: process.env },
    );
    expect(passed(run)).toBe(false);
    expect(run.outputTail).toBe('no-such-command-trust-verify: command not found');
  });
});

describe('commandEnv and commandArgv', () => {
  it('keeps ordinary variables and drops credential-shaped names', () => {
    const env = commandEnv({
      PATH: '/bin',
      CI: 'true',
      ACTIONS_RUNTIME_TOKEN: 'x',
      AWS_SECRET_ACCESS_KEY: 'y',
      TOKENIZER: 'z',
    });
    expect(env).toEqual({ PATH: '/bin', CI: 'true', TOKENIZER: 'z' });
  });

  it('refuses an empty command', () => {
    expect(() => commandArgv({ name: 'tests', command: '  ' })).toThrow(
      'verify: the command of "tests" is empty',
    );
  });
});
