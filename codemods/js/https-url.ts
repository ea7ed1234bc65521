/**
 * J14 secure transport in URL literals: `http://` -> `https://` and `ws://` -> `wss://` in a
 * string or template literal that names a public host. What the rule also reports but the
 * upgrade would not help or would break stays unfixed with the reason (`_url-hosts.ts`):
 * namespace and schema identifiers (compared as strings, never fetched), loopback, reserved
 * example domains, private hosts, IP addresses, explicit ports, hosts added at run time, FTP
 * and telnet; and, read from where the literal stands, a literal passed as a namespace, or
 * compared with other text (a scheme check, an allowlist, an allowed CORS origin).
 */
import type { SgNode } from '@ast-grep/napi';
import { defineCodemod, type TransformContext, type TransformResult } from '../../src/fix/codemod.js';
import { parentSkippingParens } from '../../src/fix/js.js';
import { classifyUrl } from './_url-hosts.js';

const NAMESPACE_KEY = /^(xmlns(:[\w-]+)?|\$schema|\$id|@context|@vocab|@id|@type|namespace(uri)?|ns)$/i;
const NAMESPACE_NAME = /xmlns|namespace|(^|_)ns(_|$)|NS$|^ns[A-Z]/;
const NAMESPACE_CALLS =
  /(^|\.)(createElementNS|createAttributeNS|setAttributeNS|getAttributeNS|hasAttributeNS|removeAttributeNS|getElementsByTagNameNS|lookupPrefix|isDefaultNamespace|createDocument|createDocumentType)$/;
const MATCH_CALLS =
  /(^|\.)(startsWith|endsWith|includes|indexOf|lastIndexOf|replace|replaceAll|split|match|test)$/;
const COMPARE = /^[!=]==?$/;

/** The literal's text from the scheme on, where it starts in the file, and whether a `${}` follows. */
function literalText(site: UrlSite): { start: number; text: string; open: boolean } | undefined {
  const { node, source } = site;
  if (node.kind() === 'string') {
    const r = node.range();
    return { start: r.start.index + 1, text: source.slice(r.start.index + 1, r.end.index - 1), open: false };
  }
  // A template: the scanner reports one of its pieces (from the backtick or the `}` before it).
  const kids = node.children();
  const piece = kids.findIndex((c) => {
    const s = c.range().start.index;
    return c.kind() === 'string_fragment' && s >= site.region.start && s <= site.region.start + 2;
  });
  if (piece < 0) return undefined;
  let end = piece;
  while (kids[end + 1] && kids[end + 1]!.kind() !== 'template_substitution' && kids[end + 1]!.kind() !== '`')
    end++;
  const start = kids[piece]!.range().start.index;
  const text = source.slice(start, kids[end]!.range().end.index);
  return { start, text, open: kids[end + 1]?.kind() === 'template_substitution' };
}

function keyText(pair: SgNode): string {
  return (pair.field('key')?.text() ?? '').replace(/^['"`]|['"`]$/g, '');
}

/** Where the scanner pointed: the literal node, the file, the reported region. */
export interface UrlSite {
  node: SgNode;
  source: string;
  region: { start: number; end: number };
}

/** Why a reported URL is left as it is, and the triage rule that says so. */
export interface LeftUrl {
  decision: 'false_positive' | 'needs_review';
  reason: string;
  /** trust/insecure-url-not-fetched | -local | -review */
  rule: string;
}

type Context = Omit<LeftUrl, 'rule'> | undefined;

/** What the literal's place says: a namespace argument, a comparison, an allowed origin. */
function readPlace(node: SgNode, prefixOnly: boolean): Context {
  const parent = parentSkippingParens(node);
  const kind = parent?.kind();
  const namespace = (where: string): Context => ({
    decision: 'false_positive',
    reason: `${where}: a namespace identifier, compared as a string and never fetched`,
  });
  if (kind === 'pair' && parent!.field('key')?.id() === node.id()) {
    return {
      decision: 'needs_review',
      reason: 'an object key: code that looks the entry up by this text would no longer find it',
    };
  }
  if (kind === 'pair' && NAMESPACE_KEY.test(keyText(parent!)))
    return namespace(`the value of "${keyText(parent!)}"`);
  if (kind === 'jsx_attribute' && /^xmlns/.test(parent!.child(0)?.text() ?? ''))
    return namespace('an xmlns attribute');
  if (kind === 'variable_declarator' && NAMESPACE_NAME.test(parent!.field('name')?.text() ?? ''))
    return namespace(`held in ${parent!.field('name')!.text()}`);
  const call = kind === 'arguments' ? parent!.parent() : null;
  const callee = call?.field('function')?.text() ?? '';
  if (call && NAMESPACE_CALLS.test(callee)) return namespace(`passed to ${callee.split('.').pop()}()`);
  const compared =
    (kind === 'binary_expression' && COMPARE.test(parent!.field('operator')?.text() ?? '')) ||
    kind === 'switch_case' ||
    (call !== null && MATCH_CALLS.test(callee));
  if (compared && prefixOnly) {
    return {
      decision: 'false_positive',
      reason: 'a scheme prefix matched against other text (a check of a URL), not a request',
    };
  }
  if (compared) {
    return {
      decision: 'needs_review',
      reason:
        'the URL is compared with other text (a check or an allowlist), not requested: https:// would change which values match',
    };
  }
  const owner = kind === 'array' ? parentSkippingParens(parent!) : parent;
  const name =
    owner?.kind() === 'pair'
      ? keyText(owner)
      : owner?.kind() === 'variable_declarator'
        ? owner.field('name')?.text()
        : '';
  if (/origin/i.test(name ?? '')) {
    return {
      decision: 'needs_review',
      reason: `an allowed origin (${name}): it must match the scheme the site is served over; change it together with the site`,
    };
  }
  return undefined;
}

/** The insertion that upgrades the scheme, or why the URL stays (shared with triage). */
export function judgeUrl(site: UrlSite): { at: number; letter: string } | LeftUrl {
  const lit = literalText(site);
  if (!lit) {
    return {
      decision: 'needs_review',
      reason: 'no URL literal starts at the reported location',
      rule: REVIEW,
    };
  }
  const scheme = /^([a-z]+):\/\//i.exec(lit.text);
  if (!scheme) {
    const reason = 'the URL is written with escape sequences, which this codemod does not rewrite';
    return { decision: 'needs_review', reason, rule: REVIEW };
  }
  const place = readPlace(site.node, lit.text.length === scheme[0].length && !lit.open);
  const verdict = place ? { upgrade: false as const, ...place } : classifyUrl(lit.text, lit.open);
  if (!verdict.upgrade) {
    const local = /^a (loopback|reserved)/.test(verdict.reason);
    const rule = verdict.decision === 'needs_review' ? REVIEW : local ? LOCAL : IDENTIFIER;
    return { decision: verdict.decision, reason: verdict.reason, rule };
  }
  const name = scheme[1]!;
  // `HTTP://` stays upper case: the added letter follows the scheme's last one.
  return { at: lit.start + name.length, letter: name === name.toUpperCase() ? 'S' : 's' };
}

const IDENTIFIER = 'trust/insecure-url-not-fetched';
const LOCAL = 'trust/insecure-url-local';
const REVIEW = 'trust/insecure-url-review';

function transform(ctx: TransformContext): TransformResult {
  const v = judgeUrl(ctx);
  // The reason alone: triage (the `triage` hook below) records the decision with it.
  if ('decision' in v) return { unfixed: v.reason };
  return [{ start: v.at, end: v.at, text: v.letter }];
}

export default defineCodemod({
  id: 'trust:js/https-url',
  title: 'Use https:// and wss:// for URLs to public hosts',
  description: [
    'A literal `http://` or `ws://` URL sends whatever travels over it (cookies, tokens, form data,',
    'the response the code trusts) in clear text, where anyone on the network path can read or change',
    'it. This change adds the `s`: `https://`, `wss://`. Each upgraded host should serve TLS on the',
    'default port (nearly every public host does today); check that the URLs still answer.',
    '',
    'Left unfixed, with the reason: namespace and schema identifiers (`http://www.w3.org/2000/svg`,',
    'XML Schema, SOAP, RDF, DTDs, `$schema`, `xmlns`), which are compared as strings and never fetched;',
    'loopback addresses and reserved example or test domains (RFC 2606/6761), where TLS protects',
    'nothing; and, for review, private hosts, IP addresses, explicit ports, hosts added at run time,',
    'URLs compared with other text (scheme checks, allowlists, CORS origins), FTP and telnet.',
  ].join('\n'),
  cwe: [319],
  languages: ['javascript', 'typescript', 'tsx'],
  rules: { eslint: ['@microsoft/sdl/no-insecure-url'] },
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    {
      url: 'https://cwe.mitre.org/data/definitions/319.html',
      description: 'CWE-319: Cleartext Transmission of Sensitive Information',
    },
    {
      url: 'https://github.com/microsoft/eslint-plugin-sdl/blob/main/docs/rules/no-insecure-url.md',
      description: '@microsoft/sdl/no-insecure-url',
    },
    { url: 'https://www.rfc-editor.org/rfc/rfc6761', description: 'RFC 6761: Special-Use Domain Names' },
  ],
  match: { any: [{ kind: 'string' }, { kind: 'template_string' }] },
  transform,
  triage: {
    ruleId: /(^|\/)no-insecure-url$/,
    verdict: (site) => {
      const v = judgeUrl(site);
      return 'decision' in v ? v : undefined;
    },
  },
});
