/**
 * scan/checks/directory-listing: a server that lists a directory's files (ZAP 10033, nuclei
 * directory-listing). The front page is read as retrieved; then at most three directories
 * are probed with GET: the folders of the page's own links (where listings usually are, e.g.
 * /static/js/), then common upload folders. Recognised: Apache and nginx autoindex ("Index
 * of /"), IIS ("[To Parent Directory]"), Python http.server, Tomcat and lighttpd listings.
 */
import { Parser } from 'htmlparser2';
import { evidenceOf } from '../evidence.js';
import type { Response } from '../http-client.js';
import type { Check, CheckContext, ScanFinding } from '../types.js';
import { baseOf, getPath, isOk } from './fetch.js';

const MAX_PROBES = 3;
const COMMON = ['/uploads/', '/images/', '/static/'];

const LISTINGS: RegExp[] = [
  /<title>\s*Index of \/[^<]*<\/title>/i,
  /<h1>\s*Index of \/[^<]*<\/h1>/i,
  /\[To Parent Directory\]/,
  /<title>\s*Directory listing for \/[^<]*<\/title>/i,
  /<title>\s*Directory Listing For \[[^<]*<\/title>/,
];

/** The matched marker, or undefined when the body is not a listing. */
export function listingMarker(body: string): string | undefined {
  for (const pattern of LISTINGS) {
    const m = pattern.exec(body);
    if (m) return m[0];
  }
  return undefined;
}

export const directoryListingCheck: Check = async (context) => {
  const findings: ScanFinding[] = [];
  const front = context.retrieval.auto;
  if (isOk(front)) push(findings, front);
  const frontPath = front ? new URL(front.url).pathname : '/';
  for (const path of probePaths(context, front).filter((p) => p !== frontPath)) {
    const response = await getPath(context, path);
    if (isOk(response)) push(findings, response);
  }
  return findings;
};

function push(findings: ScanFinding[], response: Response): void {
  const marker = listingMarker(response.body);
  if (!marker) return;
  findings.push({
    ruleId: 'directory-listing/enabled',
    check: 'directory-listing',
    severity: 'medium',
    title: 'Directory listing enabled',
    message: `${response.url} lists the files of a directory, so files never linked are discoverable.`,
    url: response.url,
    evidence: evidenceOf(response, {
      headers: ['content-type', 'server'],
      excerpt: response.body.slice(
        Math.max(0, response.body.indexOf(marker)),
        response.body.indexOf(marker) + 1500,
      ),
    }),
  });
}

/** The folders of the front page's same-origin links, then common ones; at most three. */
function probePaths(context: CheckContext, front: Response | undefined): string[] {
  const base = new URL(front?.url ?? baseOf(context));
  const folders: string[] = [];
  for (const link of front ? linksOf(front.body) : []) {
    if (!URL.canParse(link, base.href)) continue;
    const url = new URL(link, base);
    if (url.origin !== base.origin) continue;
    const folder = url.pathname.replace(/[^/]*$/, '');
    if (folder !== '/' && !folders.includes(folder)) folders.push(folder);
  }
  return [...folders, ...COMMON.filter((c) => !folders.includes(c))].slice(0, MAX_PROBES);
}

function linksOf(html: string): string[] {
  const links: string[] = [];
  const parser = new Parser(
    {
      onopentag(_name, attrs) {
        for (const value of [attrs.src, attrs.href]) if (value) links.push(value);
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.write(html.slice(0, 200_000));
  parser.end();
  return links;
}
