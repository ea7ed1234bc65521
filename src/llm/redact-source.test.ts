import { describe, expect, it } from 'vitest';
import { SourceRedactor } from './redact-source.js';
import { looksRandom } from './secrets.js';

// Canary values are assembled at run time so this file itself trips no secret scanner.
const join = (...parts: string[]) => parts.join('');
const OPENAI = join('sk-proj-', 'Zq8w3XkPz9LmN4vB7cR2tY6uJ1hG5fD0sA');
const ANTHROPIC = join('sk-ant-api03-', 'x7Yb2Kq9Wm4Nz8Lp3Vr6Tc1Hd5Gf0Js_AbCdEfGh');
const AWS = join('AKIA', 'IOSFODNN7EXAMPLE');
const GITHUB = join('ghp_', '1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVwXyZ12');
const JWT = join(
  'eyJhbGciOiJIUzI1NiJ9',
  '.',
  'eyJzdWIiOiIxMjM0NTY3ODkwIn0',
  '.',
  'dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk',
);

describe('SourceRedactor', () => {
  it('replaces every catalogued secret and restores the text exactly', () => {
    const source = [
      `const openai = "${OPENAI}";`,
      `ANTHROPIC = '${ANTHROPIC}'`,
      `aws_key = "${AWS}"`,
      `token: ${GITHUB}`,
      `auth = "Bearer ${JWT}"`,
      'db = "postgres://admin:s3cretPass@db.internal:5432/app"',
      'conn = "Server=tcp:x.database.windows.net;Password=Hunter2Hunter2;"',
      'mail = "alice.smith@acme-corp.example"',
      'path = "/home/alice/projects/app/config.yml"',
      'win = "C:\\Users\\alice\\app"',
      'password = "correct horse battery"',
    ].join('\n');
    const r = new SourceRedactor();
    const out = r.redact(source);
    for (const secret of [
      OPENAI,
      ANTHROPIC,
      AWS,
      GITHUB,
      JWT,
      's3cretPass',
      'Hunter2Hunter2',
      'alice.smith@acme-corp.example',
      '/home/alice',
      'C:\\Users\\alice',
      'correct horse battery',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out.split('\n')).toHaveLength(11);
    expect(out).toContain('const openai = "REDACTED_SECRET_');
    expect(r.restore(out)).toBe(source);
  });

  it('keeps line structure for a private key and gives one value one placeholder', () => {
    const key = [
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2+aH',
      'kWzYfkkYfM0Xq5S3pLqM',
      '-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const source = `key = """\n${key}\n"""\nagain = "${AWS}"\nsame = "${AWS}"\n`;
    const r = new SourceRedactor();
    const out = r.redact(source);
    expect(out).not.toMatch(/PRIVATE KEY|MIIE/);
    expect(out.split('\n')).toHaveLength(source.split('\n').length);
    const [a, b] = r.placeholdersIn(out.split('\n').slice(-3).join('\n'));
    expect(a).toBe(b);
    expect(r.restore(out)).toBe(source);
  });

  it('redacts known identity values and leaves ordinary code alone', () => {
    const r = new SourceRedactor([
      { value: 'https://github.com/acme-corp/payments.git', kind: 'identity' },
      { value: 'acme-corp/payments', kind: 'identity' },
      { value: 'Alice Smith', kind: 'identity' },
    ]);
    const code =
      'function getUserAccountInformation(id) {\n  return db.query("SELECT * FROM users WHERE id = ?", [id]);\n}\n';
    expect(r.redact(code)).toBe(code);
    const out = r.redact(
      '// see https://github.com/acme-corp/payments.git by Alice Smith (acme-corp/payments)\n',
    );
    expect(out).not.toMatch(/acme-corp|Alice Smith/);
  });

  it('tells random tokens from identifiers', () => {
    expect(looksRandom('Zq8w3XkPz9LmN4vB7cR2tY6u')).toBe(true);
    expect(looksRandom('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBe(true);
    expect(looksRandom('getUserAccountInformation')).toBe(false);
    expect(looksRandom('user_profile_image_url_2')).toBe(false);
    expect(looksRandom('node_modules/lodash/index')).toBe(false);
  });

  it('notices a placeholder in a model edit', () => {
    const r = new SourceRedactor();
    const out = r.redact(`k = "${AWS}"`);
    const placeholder = r.placeholdersIn(out)[0]!;
    expect(r.touchesPlaceholder(`print(${placeholder})`)).toBe(true);
    expect(r.touchesPlaceholder('print(k)')).toBe(false);
  });
});
