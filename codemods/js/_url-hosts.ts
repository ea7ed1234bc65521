/**
 * What an insecure-scheme URL literal points at, read from its text alone: a host that gains
 * from TLS (upgrade it), or one where `https://` would protect nothing or break something, with
 * the reason. Used by `https-url.ts`; no I/O, no DNS.
 */

export type UrlVerdict =
  | { upgrade: true; scheme: string }
  | { upgrade: false; decision: 'false_positive' | 'needs_review'; reason: string };

/**
 * Namespace and schema identifiers: compared as strings by XML, RDF, JSON Schema and JSON-LD
 * processors and never fetched, so `https://` would make them different identifiers. Each is
 * a host and path prefix, lower case (a bare host names that host only).
 */
const IDENTIFIER_PREFIXES = [
  'www.w3.org/xml/1998/namespace',
  'schemas.xmlsoap.org/',
  'schemas.microsoft.com/',
  'schemas.openxmlformats.org/',
  'schemas.android.com/',
  'purl.org/',
  'purl.oclc.org/',
  'xmlns.com/',
  'xmlns.jcp.org/',
  'java.sun.com/xml/ns/',
  'ns.adobe.com/',
  'json-schema.org/',
  'json.schemastore.org/',
  'schema.org',
  'www.sitemaps.org/schemas/',
  'docs.oasis-open.org/',
  'maven.apache.org/pom/',
  'maven.apache.org/xsd/',
  'www.springframework.org/schema/',
  'www.opengis.net/',
  'www.google.com/schemas/',
  'search.yahoo.com/mrss',
  'ogp.me/ns',
  'www.itunes.com/dtds/',
  'a9.com/-/spec/',
  'www.idpf.org/',
  'www.openarchives.org/',
  'creativecommons.org/ns',
  'www.topografix.com/gpx/',
  'earth.google.com/kml/',
  'graphml.graphdrawing.org/xmlns',
];

/** W3C namespaces are dated paths (`/2000/svg`, `/1999/xlink`, `/2001/XMLSchema`) or `/ns/...`. */
const W3C_NAMESPACE = /^(www\.)?w3\.org\/((19|20)\d\d\/|ns\/)/;

const RESERVED = /(^|\.)(example\.(com|net|org)|example|test|invalid)$/;
const PRIVATE_SUFFIX = /\.(local|internal|lan|intranet|corp|home\.arpa|localdomain)$/;

function ipv4(host: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  const parts = m?.slice(1).map(Number);
  return parts?.every((p) => p <= 255) ? parts : undefined;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]') return true;
  return ipv4(host)?.[0] === 127;
}

function isPrivate(host: string): boolean {
  const ip = ipv4(host);
  if (ip) {
    const [a, b] = ip as [number, number];
    return (
      a === 10 ||
      a === 0 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254)
    );
  }
  if (/^\[(f[cd]|fe[89ab])/.test(host)) return true;
  return !host.includes('.') || PRIVATE_SUFFIX.test(host);
}

/**
 * `text` is the literal's text from the scheme on; `open` is true when the literal stops there
 * and an interpolated value follows (`http://${host}/`), so the host may not be complete.
 */
export function classifyUrl(text: string, open: boolean): UrlVerdict {
  const m = /^([a-z]+):\/\/([^/?#]*)(.*)$/is.exec(text);
  if (!m)
    return { upgrade: false, decision: 'needs_review', reason: 'the URL could not be read from the literal' };
  const scheme = m[1]!.toLowerCase();
  const authority = m[2]!;
  const rest = m[3]!;
  if (scheme === 'ftp' || scheme === 'telnet') {
    const use = scheme === 'ftp' ? 'SFTP or HTTPS' : 'SSH';
    return {
      upgrade: false,
      decision: 'needs_review',
      reason: `${scheme}:// has no drop-in encrypted form (a server must speak the new protocol): move it to ${use}`,
    };
  }
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
  if (hostPort === '' || (open && rest === '')) {
    return {
      upgrade: false,
      decision: 'needs_review',
      reason:
        'the host is not in the literal (it is added at run time): whether it serves TLS is not known here',
    };
  }
  const [, host = hostPort, port] = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostPort) ?? [];
  const path = `${host}${rest.toLowerCase()}`;
  if (
    W3C_NAMESPACE.test(path) ||
    IDENTIFIER_PREFIXES.some((p) => (p.includes('/') ? path.startsWith(p) : host === p)) ||
    /\.(dtd|xsd)$/.test(rest)
  ) {
    return {
      upgrade: false,
      decision: 'false_positive',
      reason: `a namespace or schema identifier (${host}): compared as a string, never fetched; https:// would make it a different identifier`,
    };
  }
  if (isLoopback(host)) {
    return {
      upgrade: false,
      decision: 'false_positive',
      reason: `a loopback address (${host}): the traffic never leaves this machine`,
    };
  }
  if (RESERVED.test(host)) {
    return {
      upgrade: false,
      decision: 'false_positive',
      reason: `a reserved example or test domain (${host}, RFC 2606/6761): no real server is ever reached`,
    };
  }
  if (isPrivate(host)) {
    return {
      upgrade: false,
      decision: 'needs_review',
      reason: `a private or internal host (${host}): switch to https:// where that server serves TLS`,
    };
  }
  if (ipv4(host) || host.startsWith('[')) {
    return {
      upgrade: false,
      decision: 'needs_review',
      reason: `an IP address (${host}): certificates are rarely issued for one; use the server's name over https://`,
    };
  }
  if (port) {
    return {
      upgrade: false,
      decision: 'needs_review',
      reason: `an explicit port (:${port}): https:// would speak TLS to the same port, which serves plain ${scheme}`,
    };
  }
  if (scheme === 'http') return { upgrade: true, scheme: 'https' };
  if (scheme === 'ws') return { upgrade: true, scheme: 'wss' };
  return {
    upgrade: false,
    decision: 'needs_review',
    reason: `${scheme}:// is not a scheme this codemod upgrades`,
  };
}
