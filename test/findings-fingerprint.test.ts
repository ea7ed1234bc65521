/**
 * Issue 2, acceptance 5: a finding's id survives lines inserted above it. Real git repo,
 * real files, the binary run twice — before and after a commit that shifts the code down.
 * Controls: changing the flagged line changes the id; two identical lines get two ids,
 * each stable across the shift.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../src/sarif/finding.js';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { runTrust } from './helpers/run-trust.js';

const ORIGINAL = [
  "const express = require('express');",
  'const app = express();',
  "app.get('/run', (req, res) => {",
  '  res.send(eval(req.query.code));',
  '});',
  "app.get('/again', (req, res) => {",
  '  res.send(eval(req.query.code));',
  '});',
  '',
].join('\n');

/** ESLint-style SARIF (no partialFingerprints) flagging the given lines of src/app.js. */
function sarif(lines: number[]): string {
  return JSON.stringify({
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ESLint', rules: [{ id: 'no-eval' }] } },
        results: lines.map((startLine) => ({
          ruleId: 'no-eval',
          level: 'error',
          message: { text: 'eval can be harmful.' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'src/app.js' },
                region: { startLine, startColumn: 12 },
              },
            },
          ],
        })),
      },
    ],
  });
}

async function ids(repo: TempRepo, lines: number[]): Promise<Finding[]> {
  writeFileSync(join(repo.dir, 'eslint.sarif'), sarif(lines));
  const r = await runTrust(['findings', 'eslint.sarif', '--json'], { cwd: repo.dir });
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Finding[];
}

describe('fingerprints', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    repo = await makeGitRepo({ 'src/app.js': ORIGINAL });
  });
  afterAll(async () => repo.cleanup());

  it('are unchanged when lines are inserted above the finding', async () => {
    const before = await ids(repo, [4, 7]);
    expect(before.map((f) => f.fingerprintBasis)).toEqual(['line-text', 'line-text']);
    expect(before[0]?.id).not.toBe(before[1]?.id); // identical lines, different occurrences

    const header = ['// SPDX-License-Identifier: Apache-2.0', "'use strict';", '', '/* routes */', ''];
    repo.write({ 'src/app.js': `${header.join('\n')}\n${ORIGINAL}` });
    await repo.git.add('.');
    await repo.git.commit('add a header');
    const after = await ids(repo, [4 + header.length, 7 + header.length]);
    expect(after.map((f) => f.location.region?.startLine)).toEqual([9, 12]);
    expect(after.map((f) => f.id)).toEqual(before.map((f) => f.id));
  });

  it('change when the flagged line itself changes (and not for whitespace)', async () => {
    const before = await ids(repo, [9]);
    repo.write({
      'src/app.js': `${ORIGINAL.replace('res.send(eval(req.query.code));', 'res.send(eval(req.body.code));')}`,
    });
    const changed = await ids(repo, [4]);
    expect(changed[0]?.id).not.toBe(before[0]?.id);
    // re-indent the flagged line (tab instead of two spaces, trailing blanks): same id
    repo.write({
      'src/app.js': ORIGINAL.replace(
        '  res.send(eval(req.query.code));\n});\napp',
        '\t\tres.send(eval(req.query.code));  \n});\napp',
      ),
    });
    const reindented = await ids(repo, [4]);
    expect(reindented[0]?.id).toBe(before[0]?.id);
  });
});
