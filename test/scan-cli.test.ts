/**
 * `trust scan` end to end: the built binary against loopback sites (real HTTP and HTTPS with a
 * test CA made here) and a loopback DNS server, for the safety promises of SPEC §5 and issue 14:
 * an unverified production asset is refused; only GET, HEAD and OPTIONS with the honest
 * User-Agent reach the sites; the rate limit and the budget hold; a DNS answer that changes
 * mid-scan is not followed; evidence stays under 5 KB; a secret a site sends never leaves
 * unredacted; --fail-under gates; --algorithm 4 grades as the Observatory 1.4.8 rules do.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindToken, createToken } from '../src/scan/assets/token.js';
import { ScanClient } from '../src/scan/http-client.js';
import { gradeRetrieval } from '../src/scan/observatory/index.js';
import { retrieve } from '../src/scan/observatory/retrieve.js';
import { EVIDENCE_LIMIT, type ScanReport } from '../src/scan/types.js';
import { hasStackTrace, REPO_ROOT, runTrust } from './helpers/run-trust.js';
import { sarifSchemaErrors } from './helpers/sarif-schema.js';
import { CONFIGS, handlerFor, type SiteConfig } from './scan/observatory-configs.js';
import { type DnsServer, startDnsServer } from './servers/dns-server.js';
import { type Handler, type ScanSite, startScanSite } from './servers/scan-site.js';
import { createTestCa } from './servers/test-ca.js';

const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;
const USER_AGENT = `trust-scan/${VERSION} (+https://github.com/trust-cli/trust)`;
const HOSTS = ['shop.test', 'locked.test', 'rebind.test', 'budget.test', 'grade.test'];
// An AWS access key id: a format the evidence redactor knows, random so no fixture can hold it.
const CANARY = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
const ca = createTestCa();
const token = createToken();
const dir = mkdtempSync(join(tmpdir(), 'trust-scan-cli-'));
let site: ScanSite;
let other: ScanSite;
let dns: DnsServer;
let rebindAnswers = 0;
let gradeConfig: SiteConfig = CONFIGS[0] as SiteConfig;

const hostOf = (headers: Record<string, unknown>) => String(headers.host ?? '').replace(/:\d+$/, '');
const origin = (host: string) => `https://${host}:${site.httpsPort}`;
const logOf = (s: ScanSite, host: string) => s.log.filter((r) => hostOf(r.headers) === host);

function shop(scheme: 'http' | 'https', path: string): ReturnType<Handler> {
  if (scheme === 'http') return { status: 301, headers: [['Location', `${origin('shop.test')}/`]] };
  const text: [string, string] = ['Content-Type', 'text/plain'];
  if (path === '/robots.txt') return { headers: [text], body: `User-agent: *\n# ${CANARY}\n` };
  if (path === '/.env') return { headers: [text], body: `AWS_ACCESS_KEY_ID=${CANARY}\nDEBUG=1\n` };
  // A policy far over the evidence limit, so the cap has something to cut.
  const sources = Array.from({ length: 300 }, (_, i) => `https://cdn${i}.shop.test`).join(' ');
  return {
    headers: [
      ['Content-Type', 'text/html; charset=utf-8'],
      ['Content-Security-Policy', `default-src 'self' ${sources}; script-src 'self' 'unsafe-inline'`],
      ['Server', 'nginx/1.18.0'],
    ],
    body: `<!doctype html><html><head><script src="https://cdn.example.com/a.js?key=${CANARY}"></script></head><body>key ${CANARY}</body></html>`,
  };
}

const handler: Handler = (request) => {
  const host = hostOf(request.headers);
  if (host === 'shop.test') return shop(request.scheme, request.path);
  if (host === 'budget.test') {
    // Every path redirects to a new one: only the budget stops a scan here.
    const n = Number(/\/hop\/(\d+)/.exec(request.path)?.[1] ?? 0) + 1;
    return { status: 302, headers: [['Location', `/hop/${n}`]] };
  }
  if (host === 'grade.test') return handlerFor(gradeConfig, `grade.test:${site.httpsPort}`)(request);
  if (host === 'locked.test' || host === 'rebind.test')
    return request.path === '/'
      ? { headers: [['Content-Type', 'text/html']], body: '<p>hi</p>' }
      : { status: 404 };
  return { status: 421 };
};

function asset(host: string, env: string, extra: Record<string, unknown> = {}) {
  const url = origin(host);
  return {
    url,
    env,
    owner: 'web',
    criticality: 'high',
    tokenSha256: bindToken(host === 'shop.test' ? token : createToken(), 'acme', url),
    createdAt: '2026-01-01T00:00:00Z',
    allowPrivate: true,
    httpPort: site.httpPort,
    ...extra,
  };
}

beforeAll(async () => {
  const tls = ca.issue({ dns: HOSTS });
  site = await startScanSite(handler, { tls });
  other = await startScanSite(handler, {
    host: '127.0.0.3',
    httpPort: site.httpPort,
    httpsPort: site.httpsPort,
    tls,
  });
  dns = await startDnsServer((name, type) => {
    if (name === '_trust-challenge.shop.test') return [{ type: 'TXT', data: [token] }];
    if (type !== 'A' || !HOSTS.includes(name)) return [];
    if (name !== 'rebind.test') return [{ type: 'A', data: '127.0.0.1' }];
    // The first answer is the site; every later one points at another address.
    return [{ type: 'A', data: rebindAnswers++ === 0 ? '127.0.0.1' : '127.0.0.3' }];
  });
  writeFileSync(join(dir, 'ca.pem'), ca.certPem);
  const config = {
    scan: { org: 'acme' },
    assets: [
      asset('shop.test', 'production'),
      asset('locked.test', 'production'),
      asset('rebind.test', 'dev', { http: false, httpPort: undefined }),
      asset('budget.test', 'staging'),
      asset('grade.test', 'dev'),
    ],
  };
  writeFileSync(join(dir, 'trust.config.json'), `${JSON.stringify(config, null, 2)}\n`);
});
afterAll(async () => {
  await Promise.all([site?.close(), other?.close(), dns?.close()]);
});

function scan(args: string[]) {
  return runTrust(['scan', ...args, '-C', dir, '--resolver', dns.address, '--ca', 'ca.pem'], { cwd: dir });
}

/** Every file under a folder, as bytes (the SQLite log and its WAL included). */
function filesUnder(folder: string): { path: string; bytes: Buffer }[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [{ path, bytes: readFileSync(path) }];
  });
}

describe('trust scan: safety', () => {
  it('refuses an unverified production asset with one line, exit 2, before scanning it', async () => {
    const r = await scan(['locked.test']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /refusing to scan production asset https:\/\/locked\.test:\d+: ownership not verified/,
    );
    expect(hasStackTrace(r.stderr)).toBe(false);
    // Only the ownership proof was fetched: no front page, no robots.txt, no probe.
    expect(logOf(site, 'locked.test').map((l) => l.path)).toEqual(
      logOf(site, 'locked.test').map(() => '/.well-known/trust-verification.txt'),
    );
  });

  it('scans a verified asset read-only, honestly, at its rate, and leaks no secret it was sent', async () => {
    const before = logOf(site, 'shop.test').length;
    const r = await scan([
      'shop.test',
      '--json',
      '--rate',
      '8',
      '--sarif',
      'out.sarif',
      '--markdown',
      'out.md',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    // With --json the human summary goes to stderr; nothing there is an error or a warning.
    expect(r.stderr).toMatch(/^https:\/\/shop\.test:\d+ \(production\): grade /);
    expect(r.stderr).not.toMatch(/error|warning/);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.asset.url).toBe(origin('shop.test'));
    expect(report.org).toBe('acme');
    const requests = logOf(site, 'shop.test').slice(before);
    // The count also holds the TLS check's bare handshakes, which send no HTTP request.
    expect(requests.length).toBeLessThanOrEqual(report.requests.count);
    expect(report.requests.count).toBeLessThanOrEqual(report.requests.budget);
    expect(requests.length).toBeGreaterThanOrEqual(4);
    expect(new Set(requests.map((q) => q.method))).toEqual(new Set(['GET', 'OPTIONS']));
    expect(site.log.every((q) => ['GET', 'HEAD', 'OPTIONS'].includes(q.method))).toBe(true);
    expect(new Set(requests.map((q) => q.userAgent))).toEqual(new Set([USER_AGENT]));
    // Rate: over the whole scan, at most 8 requests a second per host (+10%).
    const spanMs = (requests.at(-1)?.atMs ?? 0) - (requests[0]?.atMs ?? 0);
    expect(((requests.length - 1) * 1000) / spanMs).toBeLessThanOrEqual(8 * 1.1);
    for (const finding of report.findings) {
      if (finding.evidence)
        expect(Buffer.byteLength(JSON.stringify(finding.evidence))).toBeLessThanOrEqual(EVIDENCE_LIMIT);
    }
    expect(report.findings.some((f) => f.evidence?.truncated)).toBe(true);
    // The secret was there to leak: the front page's script URL is kept for the next diff,
    // its query (which held the key) only as a hash (scan/report/snapshot scriptIdentity).
    expect(report.snapshot.scripts).toEqual([
      expect.stringMatching(/^https:\/\/cdn\.example\.com\/a\.js\?sha256:[0-9a-f]{12}$/),
    ]);
    // And the exposed .env served it: its evidence says it was redacted.
    const env = report.findings.find((f) => f.ruleId === 'exposed-files/env');
    expect(env?.evidence?.secrets).toContain('aws-access-key-id');
    expect(env?.evidence?.bodyExcerpt).toMatch(/^AWS_ACCESS_KEY_ID=\[redacted aws-access-key-id\]/);
    const outputs = [
      r.stdout,
      r.stderr,
      readFileSync(join(dir, 'out.sarif'), 'utf8'),
      readFileSync(join(dir, 'out.md'), 'utf8'),
    ];
    for (const text of outputs) expect(text).not.toContain(CANARY);
    for (const file of filesUnder(join(dir, '.trust')))
      expect(file.bytes.includes(CANARY), file.path).toBe(false);
  });

  it('--sarif output validates against the SARIF 2.1.0 schema and passes trust findings (issue 14, criterion 4)', async () => {
    const sarif = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const r = await runTrust(['findings', 'out.sarif', '--strict', '--json', '-C', dir], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const findings = JSON.parse(r.stdout) as { location: { uri?: string; path?: string } }[];
    expect(findings).toHaveLength(sarif.runs[0].results.length);
    for (const f of findings) {
      expect(f.location.uri).toMatch(/^https?:\/\/shop\.test:\d+\//);
      expect(f.location.path).toBeUndefined();
    }
  });

  it('records actor, org, asset, grant and the SARIF hash in the audit log', async () => {
    const log = await runTrust(['log', 'show', '--kind', 'scan', '--json', '-C', dir], { cwd: dir });
    expect(log.exitCode).toBe(0);
    const entries = (JSON.parse(log.stdout) as { entry: Record<string, unknown> }[]).map((e) => e.entry);
    const entry = entries.find((e) => e.asset === origin('shop.test')) as Record<string, unknown>;
    expect(entry).toMatchObject({ kind: 'scan', org: 'acme', grant: { method: 'dns', env: 'production' } });
    expect(String(entry.actor)).toMatch(/^local:/);
    const sarif = readFileSync(join(dir, 'out.sarif'));
    expect(entry.sarifSha256).toBe(createHash('sha256').update(sarif).digest('hex'));
  });

  it('compares a scan with the previous one of the same asset', async () => {
    const r = await scan(['shop.test', '--json', '--rate', '50']);
    expect(r.exitCode).toBe(0);
    expect((JSON.parse(r.stdout) as ScanReport).changes).toEqual([]);
  });

  it('--all scans every asset of the config; one refused asset is one line and exit 2, the others are scanned', async () => {
    const config = JSON.parse(readFileSync(join(dir, 'trust.config.json'), 'utf8')) as {
      assets: { url: string }[];
    };
    const two = { ...config, assets: config.assets.filter((a) => /\/\/(shop|locked)\.test/.test(a.url)) };
    writeFileSync(join(dir, 'two.json'), JSON.stringify(two));
    const r = await scan(['--all', '--config', 'two.json', '--rate', '50', '--json']);
    expect(r.exitCode).toBe(2);
    const errors = r.stderr.split('\n').filter((l) => /error/.test(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/refusing to scan production asset https:\/\/locked\.test/);
    const reports = JSON.parse(r.stdout) as ScanReport[];
    expect(reports.map((x) => x.asset.url)).toEqual([origin('shop.test')]);
  });

  it('never exceeds the request budget, even on a site of endless redirects', async () => {
    const r = await scan(['budget.test', '--json', '--rate', '50', '--budget', '7']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(logOf(site, 'budget.test')).toHaveLength(7);
    expect((JSON.parse(r.stdout) as ScanReport).requests).toMatchObject({ count: 7, budget: 7 });
  });

  it('does not follow a DNS answer that changes mid-scan', async () => {
    const r = await scan(['rebind.test', '--rate', '50']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(logOf(site, 'rebind.test').length).toBeGreaterThan(0);
    expect(other.log).toEqual([]);
    expect(dns.queries.filter((q) => q.name === 'rebind.test' && q.type === 'A')).toHaveLength(1);
  });
});

describe('trust scan: grades and gates', () => {
  const config = (name: string) => CONFIGS.find((c) => c.name === name) as SiteConfig;

  it('--fail-under: exit 0 at or above the grade, 1 below it, 2 for a grade that does not exist', async () => {
    gradeConfig = config('baseline: everything right');
    expect((await scan(['grade.test', '--rate', '50', '--fail-under', 'A'])).exitCode).toBe(0);
    gradeConfig = config('csp: missing');
    const below = await scan(['grade.test', '--rate', '50', '--fail-under', 'A']);
    expect(below.exitCode).toBe(1);
    expect(below.stderr).toMatch(/grade below --fail-under A: https:\/\/grade\.test:\d+ \([A-F][+-]?\)/);
    const bad = await scan(['grade.test', '--fail-under', 'Z']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim().split('\n')[0]).toMatch(/--fail-under: "Z" is not a grade/);
    expect(hasStackTrace(bad.stderr)).toBe(false);
  });

  for (const name of [
    'baseline: everything right',
    'xfo: DENY without frame-ancestors',
    'gate: uncurved exactly 90 keeps the bonuses',
    'cookies: session cookie without HttpOnly',
    'redirection: first hop stays on http',
  ]) {
    it(`--algorithm 4 grades "${name}" as gradeRetrieval does`, async () => {
      gradeConfig = config(name);
      const r = await scan(['grade.test', '--rate', '50', '--algorithm', '4', '--json']);
      expect(r.exitCode, r.stderr).toBe(0);
      const ours = (JSON.parse(r.stdout) as ScanReport).observatory;
      const client = new ScanClient({
        userAgent: USER_AGENT,
        rate: 100,
        budget: 40,
        timeoutMs: 5000,
        ca: ca.certPem,
        targets: [{ host: 'grade.test', address: '127.0.0.1', family: 4 }],
      });
      const retrieval = await retrieve(client, {
        host: 'grade.test',
        httpsUrl: `${origin('grade.test')}/`,
        httpUrl: `http://grade.test:${site.httpPort}/`,
        inScope: (u) => u.hostname === 'grade.test',
      });
      expect(ours).toEqual(gradeRetrieval(retrieval, 4));
      expect(ours.algorithm).toBe(4);
    });
  }

  it('--algorithm 5 (the default) gives X-Frame-Options DENY its +5', async () => {
    gradeConfig = config('xfo: DENY without frame-ancestors');
    const v4 = JSON.parse(
      (await scan(['grade.test', '--rate', '50', '--algorithm', '4', '--json'])).stdout,
    ) as ScanReport;
    const v5 = JSON.parse((await scan(['grade.test', '--rate', '50', '--json'])).stdout) as ScanReport;
    expect(v5.observatory.score - v4.observatory.score).toBe(5);
    expect(v5.algorithm).toBe(5);
  });
});
