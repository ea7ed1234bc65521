import { afterEach, describe, expect, it } from 'vitest';
import { scanContext } from '../../../test/helpers/scan-context.js';
import { type Handler, type ScanSite, startScanSite } from '../../../test/servers/scan-site.js';
import { EVIDENCE_LIMIT } from '../types.js';
import { EXPOSED_FILES, exposedFilesCheck, looksLikeEnv } from './exposed-files.js';

const AWS_KEY = 'AKIAZ7QWERTYUIOPASDF';
const FILES: Record<string, string> = {
  '/.git/HEAD': 'ref: refs/heads/main\n',
  '/.git/config': '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n',
  '/.env': `APP_NAME=shop\nAPP_ENV=production\n# keys\nAWS_ACCESS_KEY_ID=${AWS_KEY}\nDB_PASSWORD=Zq8!xLr2pW9s\n`,
  '/.svn/entries': '12\n',
  '/.DS_Store': '\u0000\u0000\u0000\u0001Bud1\u0000\u0000\u0010\u0000',
  '/server-status':
    '<html><head><title>Apache Status</title></head><body><h1>Apache Server Status for shop</h1><dt>Server Version: Apache/2.4.57</dt>',
  '/phpinfo.php':
    '<html><head><title>PHP 8.2.7 - phpinfo()</title></head><body>PHP Version 8.2.7</body></html>',
  '/wp-config.php.bak': "<?php\ndefine( 'DB_NAME', 'wp' );\ndefine( 'DB_PASSWORD', 'Zq8!xLr2pW9s' );\n",
};

const sites: ScanSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});

async function run(handler: Handler) {
  const site = await startScanSite(handler);
  sites.push(site);
  // No HTTPS here: the retrieval finds only the plain-HTTP front door, where the probes go.
  const context = await scanContext(site);
  site.log.length = 0;
  return { site, findings: await exposedFilesCheck(context) };
}

describe('exposed-files check', () => {
  it('finds each file on the list when its content confirms it', async () => {
    const { findings, site } = await run(({ path }) =>
      FILES[path] !== undefined ? { body: FILES[path] } : { status: 404, body: 'not found' },
    );
    expect(findings.map((f) => f.ruleId).sort()).toEqual(
      EXPOSED_FILES.map((f) => `exposed-files/${f.rule}`).sort(),
    );
    // One baseline and one GET per file, nothing else.
    expect(site.log.map((r) => r.method)).toEqual(Array(EXPOSED_FILES.length + 1).fill('GET'));
    expect(site.log[0]?.path).toMatch(/^\/\.trust-scan-[0-9a-f]{16}$/);
  });

  it('the secrets of an exposed .env are flagged and only redacted in the evidence', async () => {
    const { findings } = await run(({ path }) =>
      path === '/.env' ? { body: FILES['/.env'] } : { status: 404 },
    );
    const env = findings.find((f) => f.ruleId === 'exposed-files/env');
    expect(env?.severity).toBe('critical');
    const serialized = JSON.stringify(env);
    expect(serialized).not.toContain(AWS_KEY);
    expect(serialized).not.toContain('Zq8!xLr2pW9s');
    expect(env?.evidence?.secrets).toEqual(['aws-access-key-id', 'named-secret']);
    expect(env?.evidence?.bodyExcerpt).toContain('APP_ENV=production');
    expect(env?.evidence?.bodyExcerpt).toContain('[redacted aws-access-key-id]');
    expect(Buffer.byteLength(JSON.stringify(env?.evidence))).toBeLessThanOrEqual(EVIDENCE_LIMIT);
  });

  it('a catch-all 200 that answers every path with the same body is no finding', async () => {
    // The body would pass several content tests: only the baseline tells it apart.
    const everything = `ref: refs/heads/main\n`;
    const { findings, site } = await run(() => ({ body: everything }));
    expect(findings).toEqual([]);
    expect(site.log.length).toBe(EXPOSED_FILES.length + 1);
  });

  it('a catch-all that echoes the path is no finding either', async () => {
    const { findings } = await run(({ path }) => ({ body: `<html><body>No page at ${path}</body></html>` }));
    expect(findings).toEqual([]);
  });

  it('a catch-all SPA does not hide a real file that differs from it', async () => {
    const spa = '<!doctype html><html><body><div id="app"></div></body></html>';
    const { findings } = await run(({ path }) => ({
      body: path === '/.git/HEAD' ? FILES['/.git/HEAD'] : spa,
    }));
    expect(findings.map((f) => f.ruleId)).toEqual(['exposed-files/git-head']);
  });

  it('a 200 whose content does not confirm the file is no finding', async () => {
    const { findings } = await run(({ path }) =>
      path.startsWith('/trust') || path.startsWith('/.trust') ? { status: 404 } : { body: 'Welcome!' },
    );
    expect(findings).toEqual([]);
  });

  it('looksLikeEnv wants KEY=VALUE lines and no HTML', () => {
    expect(looksLikeEnv('A=1\nB=2\n')).toBe(true);
    expect(looksLikeEnv('export A=1\n# c\nB="x y"\n')).toBe(true);
    expect(looksLikeEnv('<html><body>A=1</body></html>')).toBe(false);
    expect(looksLikeEnv('Hello world\nA=1\nthis is prose\n')).toBe(false);
    expect(looksLikeEnv('')).toBe(false);
  });
});
