/**
 * test/scan/observatory-configs: the site configurations the differential test serves to
 * both the MDN HTTP Observatory 1.4.8 and `trust scan --algorithm 4`. Each varies one or two
 * things from a good baseline, so that together they reach every test's results, the
 * extra-credit gate (uncurved 90 vs 85) and the floor at 0.
 */
import type { Handler, Reply } from '../servers/scan-site.js';

export interface SiteConfig {
  name: string;
  /** Front-page headers over HTTPS (content-type defaults to text/html). */
  headers?: [string, string][];
  body?: string;
  /** What port 80 does: redirect to the HTTPS front page (default), serve the page, or refuse. */
  http?: 'redirect' | 'serve' | 'none' | 'http-hop';
  /** HTTPS refuses connections (the site is HTTP only). */
  noHttps?: boolean;
  robots?: [string, string][];
  /** Reflect the CORS preflight's Origin with credentials. */
  corsReflect?: boolean;
}

const GOOD: [string, string][] = [
  ['Content-Type', 'text/html; charset=utf-8'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Strict-Transport-Security', 'max-age=31536000'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
];

/** GOOD with some headers replaced (a value of null drops the header). */
function good(
  changes: Record<string, string | null> = {},
  extra: [string, string][] = [],
): [string, string][] {
  const lower = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k.toLowerCase(), v]));
  const kept = GOOD.flatMap(([name, value]): [string, string][] => {
    const change = lower[name.toLowerCase()];
    if (change === undefined) return [[name, value]];
    return change === null ? [] : [[name, change]];
  });
  const added = Object.entries(changes)
    .filter(([k, v]) => v !== null && !GOOD.some(([n]) => n.toLowerCase() === k.toLowerCase()))
    .map(([k, v]): [string, string] => [k, v as string]);
  return [...kept, ...added, ...extra];
}

const HTML = '<!doctype html><html><head><title>t</title></head><body>hello</body></html>';
const page = (head: string) => `<!doctype html><html><head>${head}</head><body>hello</body></html>`;
const CSP_NO_FA = { 'Content-Security-Policy': "default-src 'self'" };

export const CONFIGS: SiteConfig[] = [
  { name: 'baseline: everything right', headers: good() },
  { name: 'csp: missing', headers: good({ 'Content-Security-Policy': null }) },
  {
    name: 'csp: default-src self',
    headers: good({ 'Content-Security-Policy': "default-src 'self'; frame-ancestors 'self'" }),
  },
  {
    name: 'csp: unsafe-inline script',
    headers: good({ 'Content-Security-Policy': "default-src 'self'; script-src 'self' 'unsafe-inline'" }),
  },
  {
    name: 'csp: unsafe-eval',
    headers: good({ 'Content-Security-Policy': "default-src 'self'; script-src 'self' 'unsafe-eval'" }),
  },
  {
    name: 'csp: unsafe-inline style only',
    headers: good({ 'Content-Security-Policy': "default-src 'self'; style-src 'self' 'unsafe-inline'" }),
  },
  {
    name: 'csp: http images',
    headers: good({ 'Content-Security-Policy': "default-src 'self'; img-src 'self' http:" }),
  },
  {
    name: 'csp: http scripts',
    headers: good({ 'Content-Security-Policy': "default-src 'self'; script-src http://cdn.example.com" }),
  },
  { name: 'csp: no object-src fallback', headers: good({ 'Content-Security-Policy': "script-src 'self'" }) },
  {
    name: 'csp: report-only only',
    headers: good({
      'Content-Security-Policy': null,
      'Content-Security-Policy-Report-Only': "default-src 'none'",
    }),
  },
  {
    name: 'csp: repeated directive',
    headers: good({ 'Content-Security-Policy': "default-src 'none'; script-src 'self'; script-src 'none'" }),
  },
  {
    name: 'csp: repeated report-uri',
    headers: good({ 'Content-Security-Policy': "default-src 'none'; report-uri /a; report-uri /b" }),
  },
  {
    name: 'csp: meta only',
    headers: good({ 'Content-Security-Policy': null }),
    body: page(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'">`),
  },
  {
    name: 'csp: two policies, second strict',
    headers: good({ 'Content-Security-Policy': "default-src 'self' 'unsafe-inline', default-src 'none'" }),
  },
  {
    name: 'csp: nonce with strict-dynamic',
    headers: good({
      'Content-Security-Policy':
        "object-src 'none'; script-src 'nonce-abc123' 'strict-dynamic' https: 'unsafe-inline'; base-uri 'none'",
    }),
  },
  {
    name: 'csp: strict-dynamic without nonce',
    headers: good({ 'Content-Security-Policy': "default-src 'self'; script-src 'strict-dynamic'" }),
  },
  {
    name: 'cookies: session cookie without Secure, no HSTS',
    headers: good({ 'Strict-Transport-Security': null }, [['Set-Cookie', 'sessionid=abc; HttpOnly']]),
  },
  {
    name: 'cookies: session cookie without HttpOnly',
    headers: good({}, [['Set-Cookie', 'SESSID=abc; Secure']]),
  },
  {
    name: 'cookies: all good with SameSite',
    headers: good({}, [
      ['Set-Cookie', 'sessionid=abc; Secure; HttpOnly; SameSite=Lax'],
      ['Set-Cookie', 'theme=dark; Secure; SameSite=Strict'],
    ]),
  },
  {
    name: 'cookies: plain cookie without Secure, HSTS on',
    headers: good({}, [['Set-Cookie', 'theme=dark']]),
  },
  {
    name: 'cookies: session cookie without Secure, HSTS on',
    headers: good({}, [['Set-Cookie', 'login_token=abc; HttpOnly']]),
  },
  {
    name: 'cookies: SameSite=None without Secure',
    headers: good({ 'Strict-Transport-Security': null }, [['Set-Cookie', 'theme=dark; SameSite=None']]),
  },
  {
    name: 'cookies: anti-CSRF without SameSite',
    headers: good({}, [['Set-Cookie', 'csrftoken=abc; Secure']]),
  },
  {
    name: 'cookies: set on robots.txt only',
    headers: good(),
    robots: [['Set-Cookie', 'sessionid=abc; Secure']],
  },
  { name: 'cors: public', headers: good({ 'Access-Control-Allow-Origin': '*' }) },
  { name: 'cors: preflight reflects origin with credentials', headers: good(), corsReflect: true },
  { name: 'redirection: missing (http serves the page)', headers: good(), http: 'serve' },
  { name: 'redirection: no http at all', headers: good(), http: 'none' },
  { name: 'redirection: first hop stays on http', headers: good(), http: 'http-hop' },
  { name: 'referrer: unsafe-url', headers: good({ 'Referrer-Policy': 'unsafe-url' }) },
  { name: 'referrer: invalid', headers: good({ 'Referrer-Policy': 'nonsense' }) },
  {
    name: 'referrer: last valid token wins',
    headers: good({ 'Referrer-Policy': 'unsafe-url, strict-origin-when-cross-origin, bogus' }),
  },
  {
    name: 'referrer: meta only',
    headers: good({ 'Referrer-Policy': null }),
    body: page('<meta name="referrer" content="no-referrer">'),
  },
  { name: 'hsts: short max-age', headers: good({ 'Strict-Transport-Security': 'max-age=86400' }) },
  { name: 'hsts: no max-age', headers: good({ 'Strict-Transport-Security': 'includeSubDomains' }) },
  {
    name: 'hsts: exactly 180 days',
    headers: good({ 'Strict-Transport-Security': 'max-age=15552000; includeSubDomains' }),
  },
  {
    name: 'sri: external https script with integrity',
    headers: good(CSP_NO_FA, [['X-Frame-Options', 'DENY']]),
    body: page(
      '<script src="https://cdn.example.com/a.js" integrity="sha384-abc" crossorigin="anonymous"></script>',
    ),
  },
  {
    name: 'sri: external http script without integrity',
    headers: good(),
    body: page('<script src="http://cdn.example.com/a.js"></script>'),
  },
  {
    name: 'sri: external https script without integrity',
    headers: good(),
    body: page('<script src="https://cdn.example.com/a.js"></script>'),
  },
  {
    name: 'sri: relative scripts only',
    headers: good(),
    body: page('<script src="/app.js"></script><script>inline()</script>'),
  },
  { name: 'sri: not html', headers: good({ 'Content-Type': 'application/json' }), body: '{"ok":true}' },
  { name: 'xcto: invalid', headers: good({ 'X-Content-Type-Options': 'sniff-please' }) },
  { name: 'xfo: DENY without frame-ancestors', headers: good({ ...CSP_NO_FA, 'X-Frame-Options': 'DENY' }) },
  {
    name: 'xfo: ALLOW-FROM',
    headers: good({ ...CSP_NO_FA, 'X-Frame-Options': 'ALLOW-FROM https://example.com' }),
  },
  { name: 'xfo: invalid', headers: good({ ...CSP_NO_FA, 'X-Frame-Options': 'maybe' }) },
  { name: 'xfo: missing', headers: good(CSP_NO_FA) },
  { name: 'corp: same-site', headers: good({ 'Cross-Origin-Resource-Policy': 'same-site' }) },
  { name: 'corp: cross-origin', headers: good({ 'Cross-Origin-Resource-Policy': 'cross-origin' }) },
  { name: 'corp: invalid', headers: good({ 'Cross-Origin-Resource-Policy': 'everyone' }) },
  {
    name: 'gate: uncurved exactly 90 keeps the bonuses',
    headers: good({ 'Referrer-Policy': 'unsafe-url', 'X-Content-Type-Options': null }),
  },
  {
    name: 'gate: uncurved 85 loses the bonuses',
    headers: good({
      'Referrer-Policy': 'unsafe-url',
      'X-Content-Type-Options': null,
      'Cross-Origin-Resource-Policy': 'bad',
    }),
  },
  {
    name: 'floor: http only, every header missing',
    noHttps: true,
    http: 'serve',
    headers: [
      ['Content-Type', 'text/html'],
      ['Set-Cookie', 'sessionid=1'],
    ],
    body: page('<script src="http://cdn.example.com/a.js"></script>'),
    corsReflect: true,
  },
];

/** The site's handler for one configuration. */
export function handlerFor(config: SiteConfig, host: string, token?: string): Handler {
  return ({ scheme, path, method, headers }) => {
    if (token && path === '/.well-known/trust-verification.txt')
      return { headers: [['Content-Type', 'text/plain']], body: token };
    if (scheme === 'https' && config.noHttps) return { destroy: true };
    if (scheme === 'http') {
      const mode = config.http ?? 'redirect';
      if (mode === 'none') return { destroy: true };
      if (mode === 'redirect') return { status: 301, headers: [['Location', `https://${host}/`]] };
      if (mode === 'http-hop' && path === '/')
        return { status: 301, headers: [['Location', `http://${host}/next`]] };
      if (mode === 'http-hop') return { status: 301, headers: [['Location', `https://${host}/`]] };
    }
    if (path === '/robots.txt')
      return { headers: [['Content-Type', 'text/plain'], ...(config.robots ?? [])], body: 'User-agent: *\n' };
    if (method === 'OPTIONS') {
      const origin = headers.origin;
      const reply: Reply = { status: 204, headers: [] };
      if (config.corsReflect && typeof origin === 'string')
        reply.headers = [
          ['Access-Control-Allow-Origin', origin],
          ['Access-Control-Allow-Credentials', 'true'],
        ];
      return reply;
    }
    return { headers: config.headers ?? [], body: config.body ?? HTML };
  };
}
