/**
 * `trust assets add|verify|list|remove` through the built binary, against a loopback DNS
 * server (TXT records, `--resolver`) and a loopback HTTPS site whose certificate comes from a
 * test CA made here (`--ca`, and NODE_EXTRA_CA_CERTS). Covers: TXT verification (strings
 * joined), a wrong token, a token behind a redirect to another host, an oversize file, bad
 * input that leaves the config untouched, and the token never appearing anywhere after the
 * one print of `assets add`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunResult, runTrust } from './helpers/run-trust.js';
import { type Answer, type DnsServer, startDnsServer } from './servers/dns-server.js';
import { type Reply, type ScanSite, startScanSite } from './servers/scan-site.js';
import { createTestCa } from './servers/test-ca.js';

const FILE = '/.well-known/trust-verification.txt';
const GITHUB = {
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_RUN_ID: '77',
  GITHUB_ACTOR: 'octo',
  GITHUB_SHA: 'c0ffee',
  GITHUB_REF: 'refs/heads/main',
};
const ca = createTestCa();
let site: ScanSite;
let dns: DnsServer;
const txt: Record<string, string[][]> = {};
const files: Record<string, Record<string, Reply>> = {};

beforeAll(async () => {
  const leaf = ca.issue({ dns: ['site.test', 'files.test', 'other.test'] });
  site = await startScanSite(
    ({ path, headers }) => files[String(headers.host).split(':')[0] ?? '']?.[path] ?? { status: 404 },
    { tls: leaf, noHttp: true },
  );
  dns = await startDnsServer((name, type): Answer[] => {
    if (type === 'A' && ['site.test', 'files.test', 'other.test'].includes(name))
      return [{ type: 'A', data: '127.0.0.1' }];
    if (type === 'TXT') return (txt[name] ?? []).map((data) => ({ type: 'TXT', data }));
    return [];
  });
});

afterAll(async () => {
  await site?.close();
  await dns?.close();
});

describe('trust assets', () => {
  it('adds, verifies by DNS and by file, refuses what it must, lists, removes; the token shows once', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'trust-assets-'));
    const config = join(cwd, 'trust.config.json');
    writeFileSync(config, '{\n\t"failOn": "error"\n}\n');
    writeFileSync(join(cwd, 'ca.pem'), ca.certPem);
    const siteUrl = `https://site.test:${site.httpsPort}`;
    const filesUrl = `https://files.test:${site.httpsPort}`;
    const later: RunResult[] = [];
    const trust = async (args: string[], env: Record<string, string> = {}) => {
      const r = await runTrust(args, { cwd, env: { ...GITHUB, ...env } });
      later.push(r);
      return r;
    };
    const net = ['--resolver', dns.address, '--ca', 'ca.pem'];

    // add: the token once, the config keeps the user's key, tab style and only a hash.
    const added = await runTrust(
      [
        'assets',
        'add',
        `${siteUrl}/shop?x=1`,
        '--env',
        'production',
        '--owner',
        'web',
        '--criticality',
        'high',
      ],
      { cwd, env: { ...GITHUB, TRUST_SCAN_ORG: 'acme' } },
    );
    expect(added.exitCode, added.stderr).toBe(0);
    const token = /^trust-verification=[A-Za-z0-9_-]{43}$/m.exec(added.stdout)?.[0] as string;
    expect(token).toBeDefined();
    expect(added.stdout).toContain(`_trust-challenge.site.test  TXT`);
    expect(added.stdout).toContain(`${siteUrl}${FILE}`);
    const literal = await trust([
      'assets',
      'add',
      `https://127.0.0.1:${site.httpsPort}`,
      '--env',
      'dev',
      '--owner',
      'web',
    ]);
    expect(literal.exitCode).toBe(2);
    expect(literal.stderr).toContain('loopback or private address; add --allow-private');
    const filesAdded = await runTrust(
      ['assets', 'add', filesUrl, '--env', 'staging', '--owner', 'web', '--allow-private', '--json'],
      { cwd, env: GITHUB },
    );
    expect(filesAdded.exitCode, filesAdded.stderr).toBe(0);
    const filesToken = JSON.parse(filesAdded.stdout).token as string;
    const text = readFileSync(config, 'utf8');
    expect(
      text.startsWith('{\n\t"failOn": "error",\n\t"scan": {\n\t\t"org": "acme"\n\t},\n\t"assets": ['),
    ).toBe(true);
    for (const t of [token, filesToken]) expect(text).not.toContain(t.split('=')[1]);

    // bad input: one line, exit 2, the file byte-for-byte as it was.
    for (const args of [
      ['assets', 'add', siteUrl, '--env', 'production', '--owner', 'web'],
      ['assets', 'add', 'https://exa mple.com', '--env', 'dev', '--owner', 'web'],
      ['assets', 'add', 'https://shop.example.com', '--env', 'prod', '--owner', 'web'],
      ['assets', 'add', 'https://co.uk', '--env', 'dev', '--owner', 'web'],
      ['assets', 'verify', 'nope.test', ...net],
      ['assets', 'remove', 'nope.test'],
      ['assets', 'verify', 'site.test', '--resolver', 'not-an-ip'],
      ['assets', 'verify', 'site.test', '--resolver', dns.address, '--ca', 'missing.pem'],
    ]) {
      const r = await trust(args);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')[0]).toMatch(/^trust: /);
      expect(r.stderr).not.toContain('    at ');
    }
    expect(readFileSync(config, 'utf8')).toBe(text);

    // DNS: a wrong token fails; the right one, sent as two strings, verifies.
    txt['_trust-challenge.site.test'] = [[filesToken]];
    const wrong = await trust(['assets', 'verify', 'site.test', '--method', 'dns', ...net]);
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toContain('different token');
    txt['_trust-challenge.site.test'] = [['v=spf1 -all'], [token.slice(0, 25), token.slice(25)]];
    const ok = await trust(['assets', 'verify', siteUrl, ...net]);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('verified by dns');
    // The file method connects, so the asset's address rule applies: no --allow-private, no request.
    files['site.test'] = { [FILE]: { body: token } };
    const privateFile = await trust(['assets', 'verify', 'site.test', '--method', 'file', ...net]);
    expect(privateFile.exitCode).toBe(1);
    expect(privateFile.stderr).toContain('private or loopback address 127.0.0.1');
    expect(site.log).toHaveLength(0);

    // File: behind a redirect to another host, too big, then right (CA from NODE_EXTRA_CA_CERTS).
    files['files.test'] = {
      [FILE]: { status: 302, headers: [['location', `https://other.test:${site.httpsPort}/t.txt`]] },
    };
    files['other.test'] = { '/t.txt': { body: filesToken } };
    site.log.length = 0;
    const redirected = await trust(['assets', 'verify', 'files.test', ...net]);
    expect(redirected.exitCode).toBe(1);
    expect(redirected.stderr).toContain(`redirects to https://other.test:${site.httpsPort}`);
    expect(site.log.map((r) => r.path)).toEqual([FILE]);
    files['files.test'] = { [FILE]: { body: `${filesToken}\n${' '.repeat(1100)}` } };
    const big = await trust(['assets', 'verify', 'files.test', ...net]);
    expect(big.exitCode).toBe(1);
    expect(big.stderr).toContain('larger than 1024 bytes');
    files['files.test'] = { [FILE]: { body: `${filesToken}\n` } };
    const byFile = await trust(['assets', 'verify', 'files.test', '--resolver', dns.address], {
      NODE_EXTRA_CA_CERTS: join(cwd, 'ca.pem'),
    });
    expect(byFile.exitCode, byFile.stderr).toBe(0);
    expect(
      site.log.every(
        (r) => r.method === 'GET' && /^trust-scan\/\S+ \(\+https:\/\/\S+\)$/.test(r.userAgent ?? ''),
      ),
    ).toBe(true);

    // list: state, method and age of each.
    const listed = JSON.parse((await trust(['assets', 'list', '--json'])).stdout) as Array<
      Record<string, unknown>
    >;
    expect(listed.map((a) => [a.url, a.state, (a.verification as { method: string }).method])).toEqual([
      [siteUrl, 'failed', 'file'],
      [filesUrl, 'verified', 'file'],
    ]);
    expect(listed.every((a) => typeof a.ageSeconds === 'number' && a.ageSeconds < 600)).toBe(true);
    const table = await trust(['assets', 'list']);
    expect(table.stdout).toMatch(/files\.test.*staging.*verified \(file\)/);

    // remove, and a rotation that drops the verification; both recorded.
    expect((await trust(['assets', 'remove', 'files.test'])).exitCode).toBe(0);
    const rotated = await runTrust(['assets', 'add', 'site.test', '--rotate'], { cwd, env: GITHUB });
    expect(rotated.exitCode, rotated.stderr).toBe(0);
    const newToken = /^trust-verification=\S+$/m.exec(rotated.stdout)?.[0] as string;
    expect(newToken).not.toBe(token);
    const after = JSON.parse((await trust(['assets', 'list', '--json'])).stdout) as Array<
      Record<string, unknown>
    >;
    expect(after.map((a) => [a.url, a.state, a.env, a.criticality])).toEqual([
      [siteUrl, 'unverified', 'production', 'high'],
    ]);
    const stale = await trust(['assets', 'verify', 'site.test', ...net]);
    expect(stale.exitCode).toBe(1);

    const shown = await trust(['log', 'show', '--kind', 'asset-verification', '--json']);
    const entries = (JSON.parse(shown.stdout) as Array<{ entry: Record<string, unknown> }>).map(
      (r) => r.entry,
    );
    expect(entries.map((e) => [e.asset, e.method, e.result])).toEqual([
      [siteUrl, 'dns', 'failed'],
      [siteUrl, 'dns', 'verified'],
      [siteUrl, 'file', 'failed'],
      [filesUrl, 'file', 'failed'],
      [filesUrl, 'file', 'failed'],
      [filesUrl, 'file', 'verified'],
      [filesUrl, 'remove', 'revoked'],
      [siteUrl, 'rotate', 'revoked'],
      [siteUrl, 'file', 'failed'],
    ]);
    expect(entries.every((e) => e.actor === 'github:octo' && e.org === 'acme')).toBe(true);

    // The tokens: nowhere after their one print (config, log file, every later output).
    const db = readFileSync(join(cwd, '.trust', 'trust.db')).toString('latin1');
    const everything = [readFileSync(config, 'utf8'), db, ...later.flatMap((r) => [r.stdout, r.stderr])].join(
      '\n',
    );
    for (const t of [token, filesToken, newToken]) expect(everything).not.toContain(t.split('=')[1]);
  });
});
