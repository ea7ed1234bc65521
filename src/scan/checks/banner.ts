/**
 * scan/checks/banner: response headers and page metadata that disclose the software and its
 * exact version (ZAP 10036 Server, 10037 X-Powered-By, 10061 X-AspNet-Version, 10039
 * X-Backend-Server, 10009 in-page). Passive: it reads the responses the Observatory's
 * retrieval already has. Like ZAP, only a dotted version counts: "nginx" names the product,
 * "nginx/1.25.3" tells an attacker which advisories apply.
 */
import { Parser } from 'htmlparser2';
import { evidenceOf } from '../evidence.js';
import type { Response } from '../http-client.js';
import { isHtml } from '../observatory/retrieve.js';
import type { Check, ScanFinding } from '../types.js';

export const BANNER_HEADERS = [
  'server',
  'x-powered-by',
  'x-aspnet-version',
  'x-aspnetmvc-version',
  'x-generator',
  'x-backend-server',
] as const;

/** "banner/server-version"; a header named for its version is its own rule ("banner/x-aspnet-version"). */
export const bannerRuleId = (name: string) =>
  `banner/${name.endsWith('-version') ? name : `${name}-version`}`;

const VERSION = /\d+\.\d+(?:\.\d+)*/;

export const bannerCheck: Check = async (context) => {
  const r = context.retrieval;
  const responses = [...(r.http?.responses ?? []), ...(r.https?.responses ?? []), r.robots, r.cors].filter(
    (x): x is Response => x !== undefined,
  );
  const findings: ScanFinding[] = [];
  const seen = new Set<string>();
  for (const response of responses) {
    for (const [name, value] of response.rawHeaders) {
      const key = name.toLowerCase();
      const version = VERSION.exec(value)?.[0];
      if (!(BANNER_HEADERS as readonly string[]).includes(key) || !version || seen.has(key)) continue;
      seen.add(key);
      findings.push({
        ruleId: bannerRuleId(key),
        check: 'banner',
        severity: 'low',
        title: `${name} header discloses a version`,
        message: `${name}: ${value} tells anyone the exact version (${version}) running at ${response.url}.`,
        url: response.url,
        evidence: evidenceOf(response, { headers: [name] }),
      });
    }
  }
  const page = r.auto;
  const generator = page && isHtml(page) ? metaGenerator(page.body) : undefined;
  if (page && generator && VERSION.test(generator)) {
    findings.push({
      ruleId: bannerRuleId('meta-generator'),
      check: 'banner',
      severity: 'low',
      title: 'The page names its generator and version',
      message: `<meta name="generator" content="${generator}"> discloses the software version.`,
      url: page.url,
      evidence: evidenceOf(page, {
        headers: ['content-type'],
        excerpt: generatorTag(page.body) ?? generator,
      }),
    });
  }
  return findings;
};

function metaGenerator(html: string): string | undefined {
  let found: string | undefined;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (found === undefined && name === 'meta' && attrs.name?.trim().toLowerCase() === 'generator') {
          found = attrs.content?.trim();
        }
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

/** The tag as served, for the evidence. */
function generatorTag(html: string): string | undefined {
  return /<meta\b[^>]*\bname\s*=\s*["']?generator["']?[^>]*>/i.exec(html)?.[0];
}
