import { describe, expect, it } from 'vitest';
import { normalizeOrigin } from './origin.js';
import { bindToken, createToken, matchesToken } from './token.js';

describe('ownership token', () => {
  it('is 32 random bytes behind the label, and differs every time', () => {
    const a = createToken();
    expect(a).toMatch(/^trust-verification=[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.split('=')[1] as string, 'base64url')).toHaveLength(32);
    expect(createToken()).not.toBe(a);
  });

  it('matches only for the org and asset it was bound to, after a trim', () => {
    const token = createToken();
    const stored = bindToken(token, 'acme', 'https://shop.example.com');
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(token.split('=')[1]);
    expect(matchesToken(` ${token}\r\n`, 'acme', 'https://shop.example.com', stored)).toBe(true);
    expect(matchesToken(token, 'other', 'https://shop.example.com', stored)).toBe(false);
    expect(matchesToken(token, 'acme', 'https://api.example.com', stored)).toBe(false);
    expect(matchesToken(`${token}x`, 'acme', 'https://shop.example.com', stored)).toBe(false);
  });
});

describe('normalizeOrigin', () => {
  it('keeps the origin only', () => {
    expect(normalizeOrigin('Shop.Example.com/cart?x=1')).toBe('https://shop.example.com');
    expect(normalizeOrigin('https://shop.example.com:443/')).toBe('https://shop.example.com');
    expect(normalizeOrigin('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080');
  });

  it('refuses what is not an ownable http(s) origin', () => {
    expect(() => normalizeOrigin('ftp://example.com')).toThrow('only http and https');
    expect(() => normalizeOrigin('https://u:p@example.com')).toThrow('credentials');
    expect(() => normalizeOrigin('https://co.uk')).toThrow('public suffix');
    expect(() => normalizeOrigin('github.io')).toThrow('public suffix');
    expect(() => normalizeOrigin('https://exa mple.com')).toThrow('is not a URL');
  });
});
