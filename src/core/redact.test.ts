import { describe, expect, it } from 'vitest';
import { Redactor } from './redact.js';

describe('Redactor', () => {
  it('scrubs registered secrets and their base64 and URL-encoded forms', () => {
    const r = new Redactor();
    r.addFromEnv({
      GITHUB_TOKEN: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      OPENAI_API_KEY: 'sk-test/+=secret',
    });
    const b64 = Buffer.from('ghp_abcdefghijklmnopqrstuvwxyz0123456789').toString('base64');
    const line = `token ghp_abcdefghijklmnopqrstuvwxyz0123456789 auth ${b64} url ?k=${encodeURIComponent('sk-test/+=secret')}`;
    expect(r.redact(line)).toBe('token *** auth *** url ?k=***');
  });

  it('ignores values too short to be secrets and leaves other text alone', () => {
    const r = new Redactor();
    r.add('1');
    r.add('');
    r.add(undefined);
    expect(r.size).toBe(0);
    expect(r.redact('1 + 1 = 2')).toBe('1 + 1 = 2');
  });

  it('deep-redacts structured values', () => {
    const r = new Redactor();
    r.add('s3cr3t-value');
    expect(r.redactValue({ a: ['x s3cr3t-value y'], b: { c: 's3cr3t-value' } })).toEqual({
      a: ['x *** y'],
      b: { c: '***' },
    });
  });

  it('finds a secret containing a quote or a backslash in JSON text and in structured values', () => {
    const r = new Redactor();
    const secret = 'ab"cd\\ef-0123';
    r.add(secret);
    const json = JSON.stringify({ note: `token ${secret}` });
    expect(json).not.toContain(secret);
    expect(r.redact(json)).toBe('{"note":"token ***"}');
    expect(r.redact(JSON.stringify({ k: secret }, null, 2))).not.toContain('cd\\\\ef');
    expect(r.redactValue({ a: [`x ${secret} y`], [secret]: 1 })).toEqual({ a: ['x *** y'], '***': 1 });
  });
});
