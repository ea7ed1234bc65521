import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanContext } from '../../test/helpers/scan-context.js';
import { type Reply, type ScanSite, startScanSite } from '../../test/servers/scan-site.js';
import { redactor } from '../core/redact.js';
import { evidenceOf, evidenceSize, textEvidence } from './evidence.js';
import type { Response } from './http-client.js';
import { EVIDENCE_LIMIT } from './types.js';

// Canary secrets shaped like real ones (the formats llm/secret-rules.ts knows).
const ANTHROPIC = `sk-ant-api03-${'Xy7'.repeat(30)}AA`;
const AWS = 'AKIAQ3EGUJ5WZXCVBNMA';
const GITHUB = `ghp_${'a1B2c3D4e5'.repeat(4)}`;

let site: ScanSite;
let reply: Reply = {};
beforeAll(async () => {
  site = await startScanSite(() => reply);
});
afterAll(() => site.close());

async function fetchReply(r: Reply): Promise<Response> {
  reply = r;
  const context = await scanContext(site, { noRetrieval: true });
  return context.client.send('GET', `http://${site.host}:${site.httpPort}/x?q=1`);
}

describe('evidenceOf', () => {
  it('keeps the request line, the status and only the named headers, in the order received', async () => {
    const response = await fetchReply({
      status: 403,
      headers: [
        ['X-Frame-Options', 'DENY'],
        ['Server', 'nginx'],
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
      ],
      body: 'forbidden',
    });
    const e = evidenceOf(response, { headers: ['set-cookie', 'x-frame-options'], excerpt: 'forbidden' });
    expect(e).toEqual({
      request: `GET http://${site.host}:${site.httpPort}/x?q=1`,
      status: 403,
      headers: [
        ['X-Frame-Options', 'DENY'],
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
      ],
      bodyExcerpt: 'forbidden',
    });
    expect(evidenceOf(response)).toEqual({ request: e.request, status: 403 });
  });

  it('never exceeds 5 KB with a huge body, huge headers or a huge URL, and says it was cut', async () => {
    const body = `${'€ lorem ipsum '.repeat(60_000)}`;
    const response = await fetchReply({
      headers: [
        ['X-Big', 'v'.repeat(7000)],
        ['X-Other', 'w'.repeat(7000)],
      ],
      body,
    });
    const e = evidenceOf(response, { headers: ['x-big', 'x-other'], excerpt: body });
    expect(evidenceSize(e)).toBeLessThanOrEqual(EVIDENCE_LIMIT);
    expect(Buffer.byteLength(JSON.stringify(e))).toBeLessThanOrEqual(EVIDENCE_LIMIT);
    expect(e.truncated).toBe(true);
    // The headers give up what is beyond half the limit; the body gets the rest.
    expect(e.headers?.[0]?.[1]).toHaveLength(301);
    expect(e.bodyExcerpt?.length).toBeGreaterThan(1000);
    const bodyOnly = evidenceOf(response, { excerpt: body });
    expect(evidenceSize(bodyOnly)).toBeLessThanOrEqual(EVIDENCE_LIMIT);
    // The cut keeps as much as fits: within a few multi-byte characters of the limit.
    expect(evidenceSize(bodyOnly)).toBeGreaterThan(EVIDENCE_LIMIT - 8);
    expect(bodyOnly.bodyExcerpt?.endsWith('…')).toBe(true);
    const long = textEvidence(`GET https://h/${'p'.repeat(20_000)}`, 'x'.repeat(20_000));
    expect(evidenceSize(long)).toBeLessThanOrEqual(EVIDENCE_LIMIT);
    const small = evidenceOf(response, { excerpt: 'lorem' });
    expect(small.truncated).toBeUndefined();
  });

  it('a canary secret in the body appears only redacted, and its kind is listed', async () => {
    const body = `<html><script>var cfg = {"key": "${ANTHROPIC}", "aws": "${AWS}"};</script> contact security@example.com</html>`;
    const response = await fetchReply({ body });
    const e = evidenceOf(response, { excerpt: body });
    const text = JSON.stringify(e);
    expect(text).not.toContain(ANTHROPIC);
    expect(text).not.toContain(AWS);
    expect(text).not.toContain(ANTHROPIC.slice(0, 24));
    expect(e.secrets).toEqual(['anthropic', 'aws-access-key-id']);
    expect(e.bodyExcerpt).toContain('[redacted anthropic]');
    // An address is evidence, not a secret.
    expect(e.bodyExcerpt).toContain('security@example.com');
  });

  it('a secret outside the excerpt is still flagged, and an excerpt cut through one shows none of it', async () => {
    const body = `${'a'.repeat(100)} token ${AWS} and ${'b'.repeat(100)}`;
    const response = await fetchReply({ body });
    const elsewhere = evidenceOf(response, { excerpt: 'a'.repeat(50) });
    expect(elsewhere.secrets).toEqual(['aws-access-key-id']);
    expect(elsewhere.bodyExcerpt).toBe('a'.repeat(50));
    const cutThrough = evidenceOf(response, { excerpt: body.slice(0, body.indexOf(AWS) + 10) });
    expect(cutThrough.bodyExcerpt).not.toContain(AWS.slice(0, 10));
    expect(cutThrough.bodyExcerpt?.endsWith('[redacted aws-access-key-id]')).toBe(true);
  });

  it('a secret in a header and a process secret (the central redactor) are redacted too', async () => {
    const processSecret = 'proc-secret-9f8e7d6c5b4a';
    redactor.add(processSecret);
    const response = await fetchReply({
      headers: [
        ['X-Debug-Token', GITHUB],
        ['X-Echo', processSecret],
      ],
      body: `echo ${processSecret}`,
    });
    const e = evidenceOf(response, {
      headers: ['x-debug-token', 'x-echo'],
      excerpt: `echo ${processSecret}`,
    });
    const text = JSON.stringify(e);
    expect(text).not.toContain(GITHUB);
    expect(text).not.toContain(processSecret);
    expect(e.secrets).toEqual(['github', 'process-secret']);
  });
});

describe('findSecrets', () => {
  it('a URL with credentials absorbs the token inside it, and keeps its kind', async () => {
    const { findSecrets, kindsOf, redactSlice } = await import('./evidence-secrets.js');
    const text = `clone https://bot:${GITHUB}@git.example.com/repo.git now`;
    const ranges = findSecrets(text);
    expect(kindsOf(ranges).sort()).toEqual(['github', 'url-credentials']);
    expect(redactSlice(text, ranges)).toBe('clone [redacted url-credentials] now');
  });
});
