/**
 * Issue 10, acceptance 3: the scanner's own text leaves for the model redacted too. A SARIF
 * whose rule name, help, short description, result message, code-flow step messages and
 * location URIs quote canary secrets, absolute paths, internal hosts and a private address
 * goes through `trust triage --llm` and `trust fix --llm` (the built binary) against the
 * loopback model server; every byte the server received is searched for every canary.
 * The fixed file keeps its own secret: the placeholder was restored, not written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { runTrust } from './helpers/run-trust.js';
import { TEST_KEY } from './llm-helpers.js';
import { type LlmServer, type ModelCall, type Reply, startLlmServer } from './servers/llm-server.js';

// Assembled at run time so that this file itself trips no secret scanner.
const j = (...p: string[]) => p.join('');
const C = {
  ruleToken: j('ghp_', 'RuLeNaMeCaNaRyQ7aZ3xW5vB1nM8kL4jH6gF2'),
  helpToken: 'hElPcAnArYq7T0k3n',
  helpAws: j('AKIA', 'HELPCANARYQ7Q7Q7'),
  messagePassword: 'Msg-Canary-Pw-77',
  flowPassword: 'Flow-Canary-Pw-Q7',
  flowBearer: 'fLoWbEaReRq7x91',
  flowWebhook: 'TCANARY7/BCANARY7/cAnArYwEbHoOkSeCrEtQ7',
  shortJwt: j('eyJhbGciOiJIUzI1NiJ9', '.', 'eyJjYW5hcnkiOiJxNyJ9', '.', 'c2hvcnREZXNjQ2FuYXJ5UTc'),
  relatedKey: 'Related-Canary-Secret-Q7',
  sourcePassword: 'Src-Canary-Pw-Q7x9',
};
// Every path, host and address below carries this marker, so one search covers them all.
const MARK = 'canary-q7';
const HOST = `build-7.${MARK}.internal`;
const IP = '10.77.3.9';

const UPLOAD_JS = `const db = require('./db');
const { settings } = require('./settings');

const DB_PASSWORD = "${C.sourcePassword}";

async function findUser(req, res) {
  const rows = await db.query("SELECT * FROM users WHERE name = '" + req.query.name + "'");
  res.json(rows.map(settings.shape));
}

module.exports = { findUser, DB_PASSWORD };
`;
const SETTINGS_JS = `const settings = { shape: (r) => r, prefix: process.env.PREFIX || '' };
module.exports = { settings };
`;
const BAD = `const rows = await db.query("SELECT * FROM users WHERE name = '" + req.query.name + "'");`;
const GOOD = `const rows = await db.query('SELECT * FROM users WHERE name = ?', [req.query.name]);`;

const at = (uri: string, line: number, text: string) => ({
  location: {
    physicalLocation: { artifactLocation: { uri }, region: { startLine: line } },
    message: { text },
  },
});

function sarif(): string {
  return JSON.stringify({
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'CodeQL',
            rules: [
              {
                id: 'js/sql-injection',
                name: `SqlFromInput[${C.ruleToken}]`,
                shortDescription: { text: `Seen with session ${C.shortJwt}` },
                help: {
                  markdown: [
                    '# Database query built from user-controlled sources',
                    `Never ship \`export API_TOKEN=${C.helpToken}\` or \`aws_access_key_id = ${C.helpAws}\`.`,
                    `Deployed from /opt/${MARK}/deploy/run.sh and D:\\${MARK}\\deploy on ${HOST} (${IP}).`,
                  ].join('\n'),
                },
                properties: { tags: ['external/cwe/cwe-089'] },
              },
            ],
          },
        },
        results: [
          {
            ruleId: 'js/sql-injection',
            level: 'error',
            message: {
              text: `This query depends on a user-provided value; see user.setPassword("${C.messagePassword}") in /srv/${MARK}/app/src/upload.js.`,
            },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: `file:///srv/${MARK}/app/src/upload.js` },
                  region: { startLine: 7 },
                },
              },
            ],
            relatedLocations: [at('src/settings.js', 1, `token = "${C.relatedKey}"`)],
            codeFlows: [
              {
                threadFlows: [
                  {
                    locations: [
                      at(
                        `file:///var/lib/${MARK}/src/settings.js`,
                        1,
                        `DB_PASSWORD=${C.flowPassword} read from /var/lib/${MARK}/env`,
                      ),
                      at(
                        'src/upload.js',
                        4,
                        `headers["Authorization"] = "Bearer ${C.flowBearer}" posted to https://hooks.slack.com/services/${C.flowWebhook}`,
                      ),
                      at('src/upload.js', 7, `reaches the query on ${HOST} as C:\\Users\\${MARK}\\run`),
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  });
}

function canaries(): string[] {
  return [...Object.values(C), MARK, IP];
}

/** Approves the finding, fixes the flagged line as shown (placeholders untouched), approves the fix. */
function model(call: ModelCall): Reply {
  if (call.toolName === 'record_triage') {
    return {
      tool: { classification: 'true_positive', justification: 'input reaches the query', confidence: 0.9 },
    };
  }
  if (call.toolName === 'record_review') {
    const s = { score: 90, reason: 'uses a query parameter' };
    return { tool: { safety: s, effectiveness: s, cleanliness: s } };
  }
  const found = call.user.includes(BAD);
  return {
    tool: {
      explanation: 'use a query parameter',
      edits: found ? [{ path: 'src/upload.js', find: BAD, replace: GOOD }] : [],
    },
  };
}

describe.each(['anthropic', 'openai'] as const)('SARIF canaries never leave (%s)', (provider) => {
  let repo: TempRepo | undefined;
  let server: LlmServer | undefined;
  afterAll(async () => {
    await server?.close();
    await repo?.cleanup();
  });

  it('sends the scanner text redacted, and restores the file secret in the fix', async () => {
    repo = await makeGitRepo({
      'src/upload.js': UPLOAD_JS,
      'src/settings.js': SETTINGS_JS,
      'canary.sarif': sarif(),
    });
    server = await startLlmServer(model, { expectKey: TEST_KEY });
    const env =
      provider === 'anthropic'
        ? { ANTHROPIC_API_KEY: TEST_KEY, TRUST_LLM_BASE_URL: server.url }
        : { OPENAI_API_KEY: TEST_KEY, TRUST_LLM_BASE_URL: server.openaiUrl };
    const args = ['--llm', '--llm-provider', provider];
    const triage = await runTrust(['triage', 'canary.sarif', ...args], { cwd: repo.dir, env });
    expect(triage.exitCode, triage.stderr).toBe(0);
    const fix = await runTrust(['fix', 'canary.sarif', ...args], { cwd: repo.dir, env });
    expect(fix.exitCode, fix.stderr).toBe(0);
    expect(fix.stdout).toContain('Fixed 1 of 1 finding');
    expect(server.calls.map((c) => c.toolName)).toEqual(['record_triage', 'propose_fix', 'record_review']);

    // The scanner's text did reach the model — as placeholders.
    const generator = server.calls[1]!.user;
    expect(generator).toContain('scanner message: This query depends on a user-provided value');
    expect(generator).toMatch(/rule: js\/sql-injection \(SqlFromInput\[REDACTED_/);
    expect(generator).toMatch(
      /step 1: src\/settings\.js:1 \(DB_PASSWORD=REDACTED_SECRET_[0-9a-f]{16}_\d+ read from/,
    );
    expect(generator).toContain('Bearer REDACTED_');
    expect(generator).toContain('https://hooks.slack.com/services/REDACTED_');
    expect(generator).toContain('const DB_PASSWORD = "REDACTED_SECRET_');

    const seen = server.requests.map((r) => {
      const { authorization, 'x-api-key': apiKey, ...headers } = r.headers;
      return `${r.path}\n${JSON.stringify(headers)}\n${r.body.toString('utf8')}`;
    });
    const all = seen.join('\n').toLowerCase();
    for (const canary of canaries()) {
      for (const form of [canary, JSON.stringify(canary).slice(1, -1)]) {
        expect(all, `canary ${canary} was sent`).not.toContain(form.toLowerCase());
      }
    }

    // The fix went into the file with the real secret kept, not its placeholder.
    const after = readFileSync(join(repo.dir, 'src/upload.js'), 'utf8');
    expect(after).toBe(UPLOAD_JS.replace(BAD, GOOD));
  });
});
