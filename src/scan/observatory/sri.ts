/**
 * scan/observatory/sri: Subresource Integrity over the front page's `<script src>`s. A script
 * is same-origin when its URL is relative, or absolute (not protocol-relative) on the page's
 * registrable domain (tldts); the result is the worst over the external scripts.
 */
import { getDomain } from 'tldts';
import type { Response } from '../http-client.js';
import type { PageFacts } from './html.js';
import { isHtml } from './retrieve.js';

const WORST_FIRST = [
  'sri-not-implemented-and-external-scripts-not-loaded-securely',
  'sri-implemented-but-external-scripts-not-loaded-securely',
  'sri-not-implemented-but-external-scripts-loaded-securely',
  'sri-implemented-and-external-scripts-loaded-securely',
];

function registrable(host: string): string {
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

export function sriTest(auto: Response, page: PageFacts | undefined): string {
  if (!isHtml(auto) || !page) return 'sri-not-implemented-response-not-html';
  if (page.scripts.length === 0) return 'sri-not-implemented-but-no-scripts-loaded';
  const pageUrl = new URL(auto.url);
  const own = registrable(pageUrl.hostname);
  const found = new Set<string>();
  let anyIntegrity = false;
  for (const script of page.scripts) {
    const src = script.src.trim();
    const integrity = Boolean(script.integrity?.trim());
    anyIntegrity ||= integrity;
    const absolute = /^[a-z][a-z0-9+.-]*:/i.test(src);
    const protocolRelative = src.startsWith('//');
    let sameOrigin = !absolute && !protocolRelative;
    let secure = pageUrl.protocol === 'https:';
    if (absolute || protocolRelative) {
      let url: URL;
      try {
        url = new URL(src, pageUrl);
      } catch {
        continue;
      }
      sameOrigin = absolute && registrable(url.hostname) === own;
      secure = url.protocol === 'https:';
    }
    if (sameOrigin) continue;
    if (integrity && secure) found.add('sri-implemented-and-external-scripts-loaded-securely');
    else if (integrity) found.add('sri-implemented-but-external-scripts-not-loaded-securely');
    else if (secure) found.add('sri-not-implemented-but-external-scripts-loaded-securely');
    else found.add('sri-not-implemented-and-external-scripts-not-loaded-securely');
  }
  const worst = WORST_FIRST.find((r) => found.has(r));
  if (worst) return worst;
  return anyIntegrity
    ? 'sri-implemented-and-all-scripts-loaded-securely'
    : 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin';
}
