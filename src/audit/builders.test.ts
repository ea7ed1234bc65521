import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAuditLog } from './audit-log.js';
import { fixEntry, llmCallEntry, revocationEntry, scanEntry, sha256Hex } from './builders.js';
import { verifyLog } from './verify.js';

const dir = mkdtempSync(join(tmpdir(), 'trust-builders-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('entry builders', () => {
  it('record hashes and integers, never the prompt, the diff or the SARIF', () => {
    const path = join(dir, 'log.db');
    const log = openAuditLog(path, { origin: 'local/x/trust-audit', env: {} });
    const prompt = 'Fix this code:\nconst q = "SELECT * FROM t WHERE id=" + id;';
    const llm = log.append(
      llmCallEntry({
        provider: 'openai',
        model: 'gpt-x',
        purpose: 'fix-generate',
        inputTokens: 1200,
        outputTokens: 300,
        costUsd: 0.0123456,
        prompt,
        cached: false,
        latencyMs: 812.6,
        status: 'ok',
      }),
    );
    const diff = '--- a/x.js\n+++ b/x.js\n@@ -1 +1 @@\n-eval(a)\n+JSON.parse(a)\n';
    log.append(
      fixEntry({
        fingerprints: ['fp1'],
        method: 'codemod',
        codemod: 'js/no-eval',
        files: ['x.js'],
        outcome: 'applied',
        diff,
      }),
    );
    log.append(
      scanEntry({
        asset: 'https://acme.example',
        grade: 'B',
        score: 71.6,
        failed: 3,
        sarif: '{"version":"2.1.0"}',
      }),
    );
    log.append(revocationEntry(llm.index, 'recorded against the wrong run'));
    const all = [...log.entries()].map((e) => e.bytes.toString('utf8')).join('\n');
    log.close();
    expect(all).not.toContain('SELECT');
    expect(all).not.toContain('eval(a)');
    expect(all).toContain(sha256Hex(prompt));
    expect(all).toContain(`"costMicroUsd":12346`);
    expect(all).toContain(`"latencyMs":813`);
    expect(all).toContain(`"diffSha256":"${sha256Hex(diff)}"`);
    expect(all).toContain('"supersedes":0');
    expect(verifyLog(path, { verifiers: [], bootstrap: true }).ok).toBe(true);
  });
});
