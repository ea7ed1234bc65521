/**
 * Hand-computed goldens for `--algorithm 5` (issue 14, criterion 2). Each configuration is
 * served on loopback, retrieved over the wire and graded by gradeRetrieval(…, 5); the expected
 * numbers below were worked out by hand from reference/scan.md §1.3, not by running the code:
 *   withCredit = 100 + Σ modifiers; uncurved = 100 + Σ negative modifiers;
 *   score = max(0, uncurved ≥ 90 ? withCredit : uncurved); grade by min(score − score mod 5, 100).
 * Algorithm 5 differs from 4 only in X-Frame-Options DENY/SAMEORIGIN (+5 instead of 0).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestName } from '../src/scan/observatory/index.js';
import { type GradedSite, startGradedSite } from './scan/graded-site.js';
import type { SiteConfig } from './scan/observatory-configs.js';

const HTML = 'text/html; charset=utf-8';
const page = (head: string) => `<!doctype html><html><head>${head}</head><body>x</body></html>`;

/** Results of a site that sends none of the optional headers and no cookies, redirecting to HTTPS. */
const QUIET: Record<TestName, string> = {
  'content-security-policy': 'csp-not-implemented',
  cookies: 'cookies-not-found',
  'cross-origin-resource-sharing': 'cross-origin-resource-sharing-not-implemented',
  redirection: 'redirection-to-https',
  'referrer-policy': 'referrer-policy-not-implemented',
  'strict-transport-security': 'hsts-not-implemented',
  'subresource-integrity': 'sri-not-implemented-but-no-scripts-loaded',
  'x-content-type-options': 'x-content-type-options-not-implemented',
  'x-frame-options': 'x-frame-options-not-implemented',
  'cross-origin-resource-policy': 'corp-not-implemented',
};

interface Golden {
  config: SiteConfig;
  results: Partial<Record<TestName, string>>;
  v5: [number, string];
  /** Only where algorithm 4 differs (XFO DENY/SAMEORIGIN scores 0 there). */
  v4?: [number, string];
}

const GOLDENS: Golden[] = [
  {
    // +5 CSP, +5 Referrer, +10 CORP, +5 XFO DENY (v5); no negatives, uncurved 100.
    // v5: 100+25 = 125 A+. v4: XFO 0, 100+20 = 120 A+.
    config: {
      name: 'XFO DENY without frame-ancestors, all else good',
      headers: [
        ['Content-Type', HTML],
        ['Content-Security-Policy', "default-src 'self'"],
        ['Strict-Transport-Security', 'max-age=31536000'],
        ['Referrer-Policy', 'no-referrer'],
        ['X-Content-Type-Options', 'nosniff'],
        ['X-Frame-Options', 'DENY'],
        ['Cross-Origin-Resource-Policy', 'same-origin'],
      ],
    },
    results: {
      'content-security-policy': 'csp-implemented-with-no-unsafe',
      'referrer-policy': 'referrer-policy-private',
      'strict-transport-security': 'hsts-implemented-max-age-at-least-six-months',
      'x-content-type-options': 'x-content-type-options-nosniff',
      'x-frame-options': 'x-frame-options-sameorigin-or-deny',
      'cross-origin-resource-policy': 'corp-implemented-with-same-origin',
    },
    v5: [125, 'A+'],
    v4: [120, 'A+'],
  },
  {
    // Gate met exactly: −5 XCTO, −5 Referrer unsafe → uncurved 90; +5 CSP, +5 XFO SAMEORIGIN, +10 CORP.
    // v5: 100−10+20 = 110 A+. v4: 100−10+15 = 105 A+.
    config: {
      name: 'uncurved exactly 90 keeps the bonuses, XFO SAMEORIGIN among them',
      headers: [
        ['Content-Type', HTML],
        ['Content-Security-Policy', "default-src 'self'"],
        ['Strict-Transport-Security', 'max-age=31536000'],
        ['Referrer-Policy', 'unsafe-url'],
        ['X-Frame-Options', 'SAMEORIGIN'],
        ['Cross-Origin-Resource-Policy', 'same-site'],
      ],
    },
    results: {
      'content-security-policy': 'csp-implemented-with-no-unsafe',
      'referrer-policy': 'referrer-policy-unsafe',
      'strict-transport-security': 'hsts-implemented-max-age-at-least-six-months',
      'x-frame-options': 'x-frame-options-sameorigin-or-deny',
      'cross-origin-resource-policy': 'corp-implemented-with-same-site',
    },
    v5: [110, 'A+'],
    v4: [105, 'A+'],
  },
  {
    // Gate missed: −5 XCTO, −5 Referrer, −5 CORP invalid → uncurved 85 < 90, so +10 CSP and
    // +5 XFO (via CSP) are dropped: 85 A−, under both algorithms.
    config: {
      name: 'uncurved 85 drops every bonus',
      headers: [
        ['Content-Type', HTML],
        ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
        ['Strict-Transport-Security', 'max-age=31536000'],
        ['Referrer-Policy', 'origin'],
        ['Cross-Origin-Resource-Policy', 'everyone'],
      ],
    },
    results: {
      'content-security-policy': 'csp-implemented-with-no-unsafe-default-src-none',
      'referrer-policy': 'referrer-policy-unsafe',
      'strict-transport-security': 'hsts-implemented-max-age-at-least-six-months',
      'x-frame-options': 'x-frame-options-implemented-via-csp',
      'cross-origin-resource-policy': 'corp-header-invalid',
    },
    v5: [85, 'A-'],
  },
  {
    // −20 HSTS missing → uncurved 80; the v5 XFO +5 (and +5 CSP, +5 Referrer, +10 CORP) do not count: 80 B+.
    config: {
      name: 'below the gate the v5 XFO bonus does not count',
      headers: [
        ['Content-Type', HTML],
        ['Content-Security-Policy', "default-src 'self'"],
        ['Referrer-Policy', 'strict-origin'],
        ['X-Content-Type-Options', 'nosniff'],
        ['X-Frame-Options', 'DENY'],
        ['Cross-Origin-Resource-Policy', 'same-origin'],
      ],
    },
    results: {
      'content-security-policy': 'csp-implemented-with-no-unsafe',
      'referrer-policy': 'referrer-policy-private',
      'x-content-type-options': 'x-content-type-options-nosniff',
      'x-frame-options': 'x-frame-options-sameorigin-or-deny',
      'cross-origin-resource-policy': 'corp-implemented-with-same-origin',
    },
    v5: [80, 'B+'],
  },
  {
    // −5 XCTO, −5 Referrer → uncurved 90; CSP with unsafe-inline in style-src only is 0; XFO DENY +5 (v5).
    // v5: 95 A. v4: 90 A.
    config: {
      name: 'style-only unsafe-inline and XFO DENY: A either way, 95 vs 90',
      headers: [
        ['Content-Type', HTML],
        ['Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'"],
        ['Strict-Transport-Security', 'max-age=31536000'],
        ['Referrer-Policy', 'no-referrer-when-downgrade'],
        ['X-Frame-Options', 'deny'],
      ],
    },
    results: {
      'content-security-policy': 'csp-implemented-with-unsafe-inline-in-style-src-only',
      'referrer-policy': 'referrer-policy-unsafe',
      'strict-transport-security': 'hsts-implemented-max-age-at-least-six-months',
      'x-frame-options': 'x-frame-options-sameorigin-or-deny',
    },
    v5: [95, 'A'],
    v4: [90, 'A'],
  },
  {
    // −25 CSP missing, −20 XFO missing → 55 C; the +5 Referrer is dropped.
    config: {
      name: 'no CSP and no XFO',
      headers: [
        ['Content-Type', HTML],
        ['Strict-Transport-Security', 'max-age=31536000'],
        ['Referrer-Policy', 'no-referrer'],
        ['X-Content-Type-Options', 'nosniff'],
      ],
    },
    results: {
      'referrer-policy': 'referrer-policy-private',
      'strict-transport-security': 'hsts-implemented-max-age-at-least-six-months',
      'x-content-type-options': 'x-content-type-options-nosniff',
    },
    v5: [55, 'C'],
  },
  {
    // −20 CSP unsafe-inline, −10 HSTS short → uncurved 70 B; +5 XFO DENY dropped. v5 = v4 = 70 B.
    config: {
      name: 'unsafe-inline scripts and a short HSTS',
      headers: [
        ['Content-Type', HTML],
        ['Content-Security-Policy', "default-src 'self'; script-src 'self' 'unsafe-inline'"],
        ['Strict-Transport-Security', 'max-age=86400'],
        ['X-Content-Type-Options', 'nosniff'],
        ['X-Frame-Options', 'SAMEORIGIN'],
      ],
    },
    results: {
      'content-security-policy': 'csp-implemented-with-unsafe-inline',
      'strict-transport-security': 'hsts-implemented-max-age-less-than-six-months',
      'x-content-type-options': 'x-content-type-options-nosniff',
      'x-frame-options': 'x-frame-options-sameorigin-or-deny',
    },
    v5: [70, 'B'],
  },
  {
    // Every bonus available without the preload list: +10 CSP, +5 cookies with SameSite,
    // +5 Referrer, +5 SRI (external script with integrity over HTTPS), +5 XFO via CSP, +10 CORP.
    // 100+40 = 140 A+ (the v5 maximum is 145 with HSTS preloaded).
    config: {
      name: 'every bonus but preload',
      headers: [
        ['Content-Type', HTML],
        ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
        ['Strict-Transport-Security', 'max-age=63072000; includeSubDomains'],
        ['Referrer-Policy', 'same-origin'],
        ['X-Content-Type-Options', 'nosniff'],
        ['Cross-Origin-Resource-Policy', 'same-origin'],
        ['Set-Cookie', 'sessionid=a; Secure; HttpOnly; SameSite=Strict'],
      ],
      body: page(
        '<script src="https://cdn.example.com/a.js" integrity="sha384-abc" crossorigin="anonymous"></script>',
      ),
    },
    results: {
      'content-security-policy': 'csp-implemented-with-no-unsafe-default-src-none',
      cookies: 'cookies-secure-with-httponly-sessions-and-samesite',
      'referrer-policy': 'referrer-policy-private',
      'strict-transport-security': 'hsts-implemented-max-age-at-least-six-months',
      'subresource-integrity': 'sri-implemented-and-external-scripts-loaded-securely',
      'x-content-type-options': 'x-content-type-options-nosniff',
      'x-frame-options': 'x-frame-options-implemented-via-csp',
      'cross-origin-resource-policy': 'corp-implemented-with-same-origin',
    },
    v5: [140, 'A+'],
  },
  {
    // HTTP only: −25 CSP, −40 session cookie without Secure (worse than −30 HttpOnly), −20
    // redirection missing, −20 HSTS (no HTTPS), −50 SRI (http script, no integrity), −5 XCTO,
    // −20 XFO → 100−180 = −80, floored at 0: F.
    config: {
      name: 'the floor: HTTP only, nothing right',
      noHttps: true,
      http: 'serve',
      headers: [
        ['Content-Type', 'text/html'],
        ['Set-Cookie', 'sessionid=1'],
        ['X-Frame-Options', 'SAMEORIGIN, DENY'],
      ],
      body: page('<script src="http://cdn.example.com/a.js"></script>'),
    },
    results: {
      cookies: 'cookies-session-without-secure-flag',
      redirection: 'redirection-missing',
      'strict-transport-security': 'hsts-not-implemented-no-https',
      'subresource-integrity': 'sri-not-implemented-and-external-scripts-not-loaded-securely',
      'x-frame-options': 'x-frame-options-header-invalid',
    },
    v5: [0, 'F'],
  },
];

describe('trust scan --algorithm 5: hand-computed goldens on loopback sites', () => {
  let site: GradedSite;
  beforeAll(async () => {
    site = await startGradedSite();
  });
  afterAll(async () => {
    await site.close();
  });

  for (const golden of GOLDENS) {
    it(golden.config.name, async () => {
      const v5 = await site.grade(golden.config, 5);
      const results = Object.fromEntries(Object.entries(v5.result.tests).map(([n, t]) => [n, t.result]));
      expect(results).toEqual({ ...QUIET, ...golden.results });
      expect([v5.result.score, v5.result.grade]).toEqual(golden.v5);
      expect(v5.result.algorithm).toBe(5);
      const v4 = await site.grade(golden.config, 4);
      expect([v4.result.score, v4.result.grade]).toEqual(golden.v4 ?? golden.v5);
    });
  }
});
