/**
 * scan/checks/tls-probe: the handshakes the TLS check and the certificate facts read, made
 * once per scan (memoised on the check context): one default handshake for the certificate,
 * then one per protocol version pinned with min = max. See scan/tls-handshake.ts for what
 * Node can and cannot probe (TLS 1.0/1.1 need @SECLEVEL=0; SSLv2/v3 are not probed).
 */
import type { SecureVersion } from 'node:tls';
import type { Handshake } from '../tls-handshake.js';
import type { CheckContext } from '../types.js';

export const VERSIONS: readonly SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const LEGACY: ReadonlySet<string> = new Set(['TLSv1', 'TLSv1.1']);
/** A failure that says nothing about the version: the answer is unknown, not "refused". */
const INCONCLUSIVE = new Set(['ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);

export interface TlsProbe {
  url: string;
  /** The default handshake (the client's best version): its certificate is the site's. */
  main: Handshake;
  /** true offered, false refused, undefined could not tell. */
  offered: Partial<Record<SecureVersion, boolean>>;
  /** Failure codes of the refused versions, for the evidence. */
  refusals: Partial<Record<SecureVersion, string>>;
}

const probes = new WeakMap<CheckContext, Promise<TlsProbe>>();

/** The probe for this scan (made once); `main.ok` is false when no TLS handshake completes. */
export function probeTls(context: CheckContext): Promise<TlsProbe> {
  let probe = probes.get(context);
  if (!probe) {
    probe = runProbe(context);
    probes.set(context, probe);
  }
  return probe;
}

async function runProbe(context: CheckContext): Promise<TlsProbe> {
  const url = context.httpsUrl;
  const first = await context.client.handshake(url);
  const probe: TlsProbe = { url, main: first, offered: {}, refusals: {} };
  // A refused default handshake may still be a server that speaks only TLS 1.0/1.1
  // (the client's default floor is 1.2): probe on. A port that does not answer is unknown.
  if (!first.ok && INCONCLUSIVE.has(first.error ?? '')) return probe;
  for (const version of VERSIONS) {
    if (first.ok && version === first.protocol) {
      probe.offered[version] = true;
      continue;
    }
    const result = await context.client.handshake(url, {
      minVersion: version,
      maxVersion: version,
      ...(LEGACY.has(version) ? { ciphers: 'DEFAULT:@SECLEVEL=0' } : {}),
    });
    if (result.ok) {
      probe.offered[version] = result.protocol === version;
      // Without a default handshake, the newest version that worked shows the certificate.
      if (!first.ok) probe.main = result;
    } else if (!INCONCLUSIVE.has(result.error ?? '')) {
      probe.offered[version] = false;
      probe.refusals[version] = result.error;
    }
  }
  return probe;
}
