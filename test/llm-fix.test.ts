/**
 * The LLM fix pipeline end to end against the loopback model: snippet -> generator ->
 * validation -> evaluator, through both official SDKs, with retries and thresholds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLlmFixer, type LlmFixReport } from '../src/llm/fixer.js';
import type { LlmCallRecord } from '../src/llm/types.js';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { byRole, edit, finding, review, session } from './llm-helpers.js';
import { type LlmServer, startLlmServer } from './servers/llm-server.js';

const APP = `const express = require('express');
const db = require('./db');

const app = express();

app.get('/users/:id', async (req, res) => {
  const id = req.params.id;
  const rows = await db.query("SELECT * FROM users WHERE id = '" + id + "'");
  res.json(rows);
});

module.exports = app;
`;

const SQLI = {
  id: 'js/sql-injection',
  help: 'Build SQL with parameters, not string concatenation.',
  cwe: [89],
};
const BAD = `const rows = await db.query("SELECT * FROM users WHERE id = '" + id + "'");`;
const GOOD = `const rows = await db.query('SELECT * FROM users WHERE id = ?', [id]);`;

let repo: TempRepo | undefined;
let server: LlmServer | undefined;
afterEach(async () => {
  await server?.close();
  await repo?.cleanup();
  server = undefined;
  repo = undefined;
});

async function fixWith(
  provider: 'anthropic' | 'openai',
  stream: boolean,
  roles: Parameters<typeof byRole>[0],
) {
  repo = await makeGitRepo({ 'src/app.js': APP });
  server = await startLlmServer(byRole(roles));
  const records: LlmCallRecord[] = [];
  const reports: LlmFixReport[] = [];
  const fixer = createLlmFixer({
    root: repo.dir,
    session: session(provider, server, { stream, records }),
    thresholds: { safety: 70, effectiveness: 70, cleanliness: 70 },
    identity: [],
    onReport: (r) => reports.push(r),
  });
  const source = readFileSync(join(repo.dir, 'src/app.js'), 'utf8');
  const result = await fixer.fix({
    finding: finding('src/app.js', 8, SQLI),
    path: 'src/app.js',
    language: 'javascript',
    source,
    codemodReason: 'no codemod',
  });
  return { result, records, reports, source, fixerId: fixer.id };
}

describe.each([
  ['anthropic', false],
  ['anthropic', true],
  ['openai', false],
  ['openai', true],
] as const)('LLM fix with %s (stream: %s)', (provider, stream) => {
  it('applies a fix the evaluator passes, with its scores, after exactly two calls', async () => {
    const { result, records, reports, source, fixerId } = await fixWith(provider, stream, {
      generator: [edit('src/app.js', BAD, GOOD, 'GENERATOR-REASONING-CANARY: parameterise the query')],
      evaluator: [review(95, 90, 88)],
    });
    expect(fixerId).toBe(`trust:llm/${provider}`);
    expect('edits' in result).toBe(true);
    if (!('edits' in result)) return;
    const [e] = result.edits;
    const after = source.slice(0, e!.start) + e!.text + source.slice(e!.end);
    expect(after).toBe(APP.replace(BAD, GOOD));
    expect(result.fixQuality).toEqual({ safetyRating: 95, effectivenessRating: 90, cleanlinessRating: 88 });
    expect(result.ai).toMatchObject({ provider });
    expect(records.map((r) => r.purpose)).toEqual(['fix-generate', 'fix-evaluate']);
    // The evaluator is a separate call with its own system prompt and never sees the generator's reasoning.
    const [gen, evaluation] = server!.calls;
    expect(evaluation!.system).not.toBe(gen!.system);
    expect(evaluation!.user).toContain(`+  ${GOOD}`);
    expect(evaluation!.user).not.toContain('GENERATOR-REASONING-CANARY');
    expect(reports[0]!.codeBytes).toBeGreaterThan(0);
    expect(reports[0]!.codeBytes).toBeLessThan(reports[0]!.fileBytes);
    expect(server!.unscripted).toEqual([]);
  });
});

describe('retries and thresholds', () => {
  it("gives the generator one retry with the evaluator's feedback", async () => {
    const weak = `const rows = await db.query("SELECT * FROM users WHERE id = '" + String(id) + "'");`;
    const { result } = await fixWith('openai', false, {
      generator: [edit('src/app.js', BAD, weak), edit('src/app.js', BAD, GOOD)],
      evaluator: [review(80, 20, 70, 'still concatenates user input'), review(90, 90, 90)],
    });
    expect('edits' in result).toBe(true);
    const second = server!.calls[2]!;
    expect(second.toolName).toBe('propose_fix');
    expect(second.user).toContain(
      'A reviewer rejected your patch: effectiveness 20 < 70: effectiveness: still concatenates user input',
    );
  });

  it("leaves the finding unfixed with the evaluator's reason when the retry fails too", async () => {
    const weak = `const rows = await db.query("SELECT * FROM users WHERE id = '" + String(id) + "'");`;
    const { result, reports } = await fixWith('anthropic', false, {
      generator: [edit('src/app.js', BAD, weak), edit('src/app.js', BAD, weak)],
      evaluator: [review(80, 20, 70, 'still concatenates'), review(80, 30, 70, 'still concatenates')],
    });
    expect(result).toEqual({
      unfixed: 'evaluator: effectiveness 30 < 70: effectiveness: still concatenates',
    });
    expect(reports[0]!.outcome).toMatchObject({
      status: 'unfixed',
      check: 'evaluator',
      generatorAttempts: 2,
      calls: 4,
    });
  });

  it("accepts an edit whose indentation the model got wrong, keeping the file's indentation", async () => {
    const { result, source } = await fixWith('openai', true, {
      generator: [edit('src/app.js', `${BAD}  `, GOOD)],
      evaluator: [review(90, 90, 90)],
    });
    expect('edits' in result).toBe(true);
    if (!('edits' in result)) return;
    const [e] = result.edits;
    expect(source.slice(0, e!.start) + e!.text + source.slice(e!.end)).toBe(APP.replace(BAD, GOOD));
  });

  it('reports a model that declines', async () => {
    const { result } = await fixWith('anthropic', true, {
      generator: [{ tool: { explanation: 'The id is validated by middleware upstream.', edits: [] } }],
    });
    expect(result).toEqual({ unfixed: 'the model declined: The id is validated by middleware upstream.' });
  });
});
