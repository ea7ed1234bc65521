import { afterEach, describe, expect, it } from 'vitest';
import { scanContext } from '../../../test/helpers/scan-context.js';
import { type Handler, type ScanSite, startScanSite } from '../../../test/servers/scan-site.js';
import { directoryListingCheck, listingMarker } from './directory-listing.js';

const HTML = [['Content-Type', 'text/html']] as [string, string][];
const APACHE =
  '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<html>\n <head>\n  <title>Index of /static/js</title>\n </head>\n <body>\n<h1>Index of /static/js</h1>\n<ul><li><a href="/static/"> Parent Directory</a></li>\n<li><a href="app.js"> app.js</a></li>\n</ul>\n</body></html>\n';
const NGINX =
  '<html>\r\n<head><title>Index of /</title></head>\r\n<body>\r\n<h1>Index of /</h1><hr><pre><a href="../">../</a>\r\n<a href="backup.zip">backup.zip</a>   03-Dec-2026 10:00  1234\r\n</pre><hr></body>\r\n</html>\r\n';
const IIS =
  '<html><head><title>shop - /uploads/</title></head><body><H1>shop - /uploads/</H1><hr><pre><A HREF="/">[To Parent Directory]</A><br><br> 12/3/2026 10:00 AM 1234 <A HREF="/uploads/a.pdf">a.pdf</A><br></pre><hr></body></html>';

const sites: ScanSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});

async function run(handler: Handler) {
  const site = await startScanSite(handler);
  sites.push(site);
  const context = await scanContext(site);
  site.log.length = 0;
  return { site, findings: await directoryListingCheck(context) };
}

describe('directory-listing check', () => {
  it('an nginx autoindex front page', async () => {
    const { findings } = await run(({ path }) =>
      path === '/' ? { headers: HTML, body: NGINX } : { status: 404 },
    );
    expect(findings.map((f) => [f.ruleId, new URL(f.url).pathname])).toEqual([
      ['directory-listing/enabled', '/'],
    ]);
    expect(findings[0]?.evidence?.bodyExcerpt).toContain('backup.zip');
  });

  it("a folder of the page's own links (Apache), probed with GET", async () => {
    const page = '<html><head><script src="/static/js/app.js"></script></head></html>';
    const { findings, site } = await run(({ path }) =>
      path === '/'
        ? { headers: HTML, body: page }
        : path === '/static/js/'
          ? { headers: HTML, body: APACHE }
          : { status: 404 },
    );
    expect(findings.map((f) => new URL(f.url).pathname)).toEqual(['/static/js/']);
    // The page's folder first, then common folders, three probes at most.
    expect(site.log.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /static/js/',
      'GET /uploads/',
      'GET /images/',
    ]);
  });

  it('an IIS listing of a common folder', async () => {
    const { findings } = await run(({ path }) =>
      path === '/uploads/' ? { headers: HTML, body: IIS } : { headers: HTML, body: '<html>home</html>' },
    );
    expect(findings.map((f) => new URL(f.url).pathname)).toEqual(['/uploads/']);
  });

  it('pages that are not listings are no finding', async () => {
    const { findings } = await run(() => ({
      headers: HTML,
      body: '<html><title>Index of products</title>Our index of /best deals</html>',
    }));
    expect(findings).toEqual([]);
  });

  it('recognises Python http.server and Tomcat listings', () => {
    expect(listingMarker('<title>Directory listing for /</title>')).toBeDefined();
    expect(listingMarker('<title>Directory Listing For [/]</title>')).toBeDefined();
    expect(listingMarker('<title>Shop</title>')).toBeUndefined();
  });
});
