/**
 * scan/observatory/grade: each result's score modifier under algorithm 4 (Observatory 1.4.8)
 * and 5 (1.5.0 and later: X-Frame-Options DENY/SAMEORIGIN earns +5), and the curve:
 * bonuses count only when the score without them is at least 90; floored at 0, no cap.
 */
export type Algorithm = 4 | 5;

const MODIFIERS: Record<string, number> = {
  'csp-implemented-with-no-unsafe-default-src-none': 10,
  'csp-implemented-with-no-unsafe': 5,
  'csp-implemented-with-unsafe-inline-in-style-src-only': 0,
  'csp-implemented-but-duplicate-directives': 0,
  'csp-implemented-with-insecure-scheme-in-passive-content-only': -10,
  'csp-implemented-with-unsafe-eval': -10,
  'csp-implemented-with-unsafe-inline': -20,
  'csp-implemented-with-insecure-scheme': -20,
  'csp-header-invalid': -25,
  'csp-not-implemented': -25,
  'csp-not-implemented-but-reporting-enabled': -25,
  'cookies-secure-with-httponly-sessions-and-samesite': 5,
  'cookies-secure-with-httponly-sessions': 0,
  'cookies-not-found': 0,
  'cookies-without-secure-flag-but-protected-by-hsts': -5,
  'cookies-session-without-secure-flag-but-protected-by-hsts': -10,
  'cookies-without-secure-flag': -20,
  'cookies-samesite-flag-invalid': -20,
  'cookies-anticsrf-without-samesite-flag': -20,
  'cookies-session-without-httponly-flag': -30,
  'cookies-session-without-secure-flag': -40,
  'cross-origin-resource-sharing-not-implemented': 0,
  'cross-origin-resource-sharing-implemented-with-public-access': 0,
  'cross-origin-resource-sharing-implemented-with-restricted-access': 0,
  'cross-origin-resource-sharing-implemented-with-universal-access': -50,
  'redirection-all-redirects-preloaded': 0,
  'redirection-to-https': 0,
  'redirection-not-needed-no-http': 0,
  'redirection-off-host-from-http': -5,
  'redirection-not-to-https-on-initial-redirection': -10,
  'redirection-not-to-https': -20,
  'redirection-missing': -20,
  'redirection-invalid-cert': -20,
  'referrer-policy-private': 5,
  'referrer-policy-not-implemented': 0,
  'referrer-policy-unsafe': -5,
  'referrer-policy-header-invalid': -5,
  'hsts-preloaded': 5,
  'hsts-implemented-max-age-at-least-six-months': 0,
  'hsts-implemented-max-age-less-than-six-months': -10,
  'hsts-not-implemented': -20,
  'hsts-header-invalid': -20,
  'hsts-not-implemented-no-https': -20,
  'hsts-invalid-cert': -20,
  'sri-implemented-and-all-scripts-loaded-securely': 5,
  'sri-implemented-and-external-scripts-loaded-securely': 5,
  'sri-not-implemented-response-not-html': 0,
  'sri-not-implemented-but-no-scripts-loaded': 0,
  'sri-not-implemented-but-all-scripts-loaded-from-secure-origin': 0,
  'sri-not-implemented-but-external-scripts-loaded-securely': -5,
  'sri-implemented-but-external-scripts-not-loaded-securely': -20,
  'sri-not-implemented-and-external-scripts-not-loaded-securely': -50,
  'html-not-parseable': -20,
  'x-content-type-options-nosniff': 0,
  'x-content-type-options-not-implemented': -5,
  'x-content-type-options-header-invalid': -5,
  'x-frame-options-implemented-via-csp': 5,
  'x-frame-options-sameorigin-or-deny': 5,
  'x-frame-options-allow-from-origin': 0,
  'x-frame-options-not-implemented': -20,
  'x-frame-options-header-invalid': -20,
  'corp-implemented-with-same-origin': 10,
  'corp-implemented-with-same-site': 10,
  'corp-implemented-with-cross-origin': 0,
  'corp-not-implemented': 0,
  'corp-header-invalid': -5,
};

export function scoreModifier(result: string, algorithm: Algorithm): number {
  if (result === 'x-frame-options-sameorigin-or-deny' && algorithm === 4) return 0;
  const modifier = MODIFIERS[result];
  if (modifier === undefined) throw new Error(`no score modifier for ${result}`);
  return modifier;
}

/**
 * The results each test counts as passed (its expectation and the results it accepts). `pass`
 * only feeds testsPassed; it never changes the score.
 */
const PASSING = new Set([
  'csp-implemented-with-no-unsafe',
  'csp-implemented-with-no-unsafe-default-src-none',
  'csp-implemented-with-unsafe-inline-in-style-src-only',
  'csp-implemented-with-insecure-scheme-in-passive-content-only',
  'csp-implemented-but-duplicate-directives',
  'cookies-not-found',
  'cookies-secure-with-httponly-sessions',
  'cookies-secure-with-httponly-sessions-and-samesite',
  'cross-origin-resource-sharing-not-implemented',
  'cross-origin-resource-sharing-implemented-with-public-access',
  'cross-origin-resource-sharing-implemented-with-restricted-access',
  'redirection-to-https',
  'redirection-not-needed-no-http',
  'redirection-all-redirects-preloaded',
  'referrer-policy-private',
  'referrer-policy-not-implemented',
  'hsts-implemented-max-age-at-least-six-months',
  'hsts-preloaded',
  'sri-implemented-and-all-scripts-loaded-securely',
  'sri-implemented-and-external-scripts-loaded-securely',
  'sri-not-implemented-response-not-html',
  'sri-not-implemented-but-all-scripts-loaded-from-secure-origin',
  'sri-not-implemented-but-no-scripts-loaded',
  'x-content-type-options-nosniff',
  'x-frame-options-sameorigin-or-deny',
  'x-frame-options-allow-from-origin',
  'x-frame-options-implemented-via-csp',
  'corp-not-implemented',
  'corp-implemented-with-same-site',
  'corp-implemented-with-same-origin',
  'corp-implemented-with-cross-origin',
]);

export function passes(result: string): boolean {
  return PASSING.has(result);
}

/** The score at which bonuses start to count. */
export const EXTRA_CREDIT_GATE = 90;

export function scoreOf(modifiers: number[]): number {
  const withCredit = 100 + modifiers.reduce((a, m) => a + m, 0);
  const uncurved = 100 + modifiers.filter((m) => m < 0).reduce((a, m) => a + m, 0);
  return Math.max(0, uncurved >= EXTRA_CREDIT_GATE ? withCredit : uncurved);
}

const GRADES: [number, string][] = [
  [100, 'A+'],
  [90, 'A'],
  [85, 'A-'],
  [80, 'B+'],
  [70, 'B'],
  [65, 'B-'],
  [60, 'C+'],
  [50, 'C'],
  [45, 'C-'],
  [40, 'D+'],
  [30, 'D'],
  [25, 'D-'],
  [0, 'F'],
];

export const GRADE_NAMES = GRADES.map(([, g]) => g);

export function gradeOf(score: number): string {
  const bucket = Math.min(score - (score % 5), 100);
  return (GRADES.find(([min]) => bucket >= min) as [number, string])[1];
}

/** True when `grade` is below `floor` (A+ is the best). */
export function gradeBelow(grade: string, floor: string): boolean {
  return GRADE_NAMES.indexOf(grade) > GRADE_NAMES.indexOf(floor);
}
