/**
 * scan/report/observatory-rules: a title and a one-sentence description for each Observatory
 * result that costs points or fails its test, written for this project from the results'
 * meaning (reference/scan.md §1.3); the Observatory's own wording is not copied.
 */
export interface RuleText {
  title: string;
  description: string;
}

const R = (title: string, description: string): RuleText => ({ title, description });

export const OBSERVATORY_RULES: Record<string, RuleText> = {
  'csp-not-implemented': R(
    'Content-Security-Policy missing',
    'The page sends no Content Security Policy, so an injected script runs with the full rights of the page.',
  ),
  'csp-not-implemented-but-reporting-enabled': R(
    'Content-Security-Policy only in report-only mode',
    'Only Content-Security-Policy-Report-Only is sent: violations are reported but nothing is blocked.',
  ),
  'csp-header-invalid': R(
    'Content-Security-Policy invalid',
    'The Content Security Policy cannot be parsed (a repeated directive, a policy too short, or strict-dynamic without a nonce or hash), so browsers may ignore it.',
  ),
  'csp-implemented-with-unsafe-inline': R(
    'Content-Security-Policy allows inline or broad scripts',
    "script-src allows 'unsafe-inline', data: or any host (or object-src allows any host), which leaves cross-site scripting open.",
  ),
  'csp-implemented-with-insecure-scheme': R(
    'Content-Security-Policy allows scripts over HTTP',
    'A directive that controls active content allows http: or ftp: sources on an HTTPS page, so a network attacker can inject code.',
  ),
  'csp-implemented-with-unsafe-eval': R(
    "Content-Security-Policy allows 'unsafe-eval'",
    "script-src or style-src allows 'unsafe-eval', letting strings be run as code.",
  ),
  'csp-implemented-with-insecure-scheme-in-passive-content-only': R(
    'Content-Security-Policy allows images or media over HTTP',
    'img-src or media-src allows http: sources: passive mixed content a network attacker can swap.',
  ),
  'cookies-without-secure-flag-but-protected-by-hsts': R(
    'Cookie without Secure (HSTS mitigates)',
    'A cookie lacks the Secure attribute; HSTS keeps it on HTTPS in browsers that have seen the policy.',
  ),
  'cookies-session-without-secure-flag-but-protected-by-hsts': R(
    'Session cookie without Secure (HSTS mitigates)',
    'A session cookie lacks the Secure attribute; only HSTS stops it from being sent over plain HTTP.',
  ),
  'cookies-without-secure-flag': R(
    'Cookie without Secure',
    'A cookie lacks the Secure attribute and can be sent over plain HTTP.',
  ),
  'cookies-samesite-flag-invalid': R(
    'Cookie with an invalid SameSite',
    'A cookie has a malformed SameSite attribute, or SameSite=None without Secure, which browsers reject or ignore.',
  ),
  'cookies-anticsrf-without-samesite-flag': R(
    'Anti-CSRF cookie without SameSite',
    'An anti-CSRF cookie has no SameSite attribute, so it is sent on cross-site requests.',
  ),
  'cookies-session-without-httponly-flag': R(
    'Session cookie without HttpOnly',
    'A session cookie lacks HttpOnly, so any script on the page, including an injected one, can read it.',
  ),
  'cookies-session-without-secure-flag': R(
    'Session cookie without Secure',
    'A session cookie lacks the Secure attribute and no HSTS protects it: it can be stolen on the network.',
  ),
  'cross-origin-resource-sharing-implemented-with-universal-access': R(
    'CORS reflects any origin with credentials',
    'The site answers a foreign Origin with Access-Control-Allow-Origin equal to it and Allow-Credentials true: any site can read authenticated responses.',
  ),
  'redirection-off-host-from-http': R(
    'HTTP redirects to another host first',
    'The plain-HTTP front page redirects to HTTPS on another host before its own, so its own HSTS policy is never set from that entry.',
  ),
  'redirection-not-to-https-on-initial-redirection': R(
    'HTTP redirects to HTTP first',
    'The first redirect from the plain-HTTP front page stays on http:, so the first hop can be intercepted.',
  ),
  'redirection-not-to-https': R(
    'HTTP does not end on HTTPS',
    'The plain-HTTP front page redirects, but the chain does not end on an HTTPS URL.',
  ),
  'redirection-missing': R(
    'HTTP does not redirect to HTTPS',
    'The plain-HTTP front page is served as it is, with no redirect to HTTPS.',
  ),
  'redirection-invalid-cert': R(
    'HTTPS certificate invalid (redirection)',
    'The redirect target uses a certificate that does not verify, so the redirect gives no protection.',
  ),
  'referrer-policy-unsafe': R(
    'Referrer-Policy leaks URLs',
    'The Referrer-Policy sends full or origin URLs to other sites, or over HTTP (origin, origin-when-cross-origin, unsafe-url, no-referrer-when-downgrade).',
  ),
  'referrer-policy-header-invalid': R(
    'Referrer-Policy invalid',
    'The Referrer-Policy holds no valid value, so browsers use their default.',
  ),
  'hsts-implemented-max-age-less-than-six-months': R(
    'HSTS max-age under six months',
    'Strict-Transport-Security has a max-age below 15552000 seconds, so the protection lapses between visits.',
  ),
  'hsts-not-implemented': R(
    'HSTS missing',
    'The HTTPS page sends no Strict-Transport-Security header, so a first plain-HTTP request can be downgraded.',
  ),
  'hsts-header-invalid': R(
    'HSTS invalid',
    'Strict-Transport-Security is sent more than once or without max-age, and browsers ignore it.',
  ),
  'hsts-not-implemented-no-https': R(
    'HSTS impossible: no HTTPS',
    'The site does not answer over HTTPS, so it cannot set HSTS.',
  ),
  'hsts-invalid-cert': R(
    'HSTS ignored: certificate invalid',
    'The HTTPS certificate does not verify, and browsers ignore HSTS sent over such a connection.',
  ),
  'sri-not-implemented-but-external-scripts-loaded-securely': R(
    'Subresource Integrity missing on external scripts',
    'Scripts from other origins are loaded over HTTPS without an integrity attribute, so a compromised host can change them.',
  ),
  'sri-implemented-but-external-scripts-not-loaded-securely': R(
    'External scripts over HTTP (with integrity)',
    'Scripts from other origins carry integrity but are loaded over plain HTTP.',
  ),
  'sri-not-implemented-and-external-scripts-not-loaded-securely': R(
    'External scripts over HTTP without integrity',
    'Scripts from other origins are loaded over plain HTTP with no integrity attribute: anyone on the network can replace them.',
  ),
  'html-not-parseable': R(
    'Front page HTML not parseable',
    'The front page claims HTML but could not be parsed.',
  ),
  'x-content-type-options-not-implemented': R(
    'X-Content-Type-Options missing',
    'No X-Content-Type-Options: nosniff, so browsers may sniff a response into a script or style.',
  ),
  'x-content-type-options-header-invalid': R(
    'X-Content-Type-Options invalid',
    'X-Content-Type-Options is present but not exactly nosniff.',
  ),
  'x-frame-options-not-implemented': R(
    'Clickjacking protection missing',
    'Neither X-Frame-Options nor a CSP frame-ancestors directive is sent, so any site can frame the page.',
  ),
  'x-frame-options-header-invalid': R(
    'X-Frame-Options invalid',
    'X-Frame-Options holds a value browsers do not understand, and no CSP frame-ancestors stands in for it.',
  ),
  'corp-header-invalid': R(
    'Cross-Origin-Resource-Policy invalid',
    'Cross-Origin-Resource-Policy holds a value other than same-origin, same-site or cross-origin.',
  ),
};

/** The text for a result; an unknown one (a newer Observatory) still gets a readable title. */
export function ruleText(result: string): RuleText {
  return (
    OBSERVATORY_RULES[result] ?? R(`Observatory: ${result}`, `The HTTP Observatory test returned ${result}.`)
  );
}
