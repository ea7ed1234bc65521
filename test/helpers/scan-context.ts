/**
 * test/helpers/scan-context: a real CheckContext for a loopback scan site — one pinned
 * ScanClient (fast rate, a generous budget) and the Observatory's retrieval made through it —
 * so a check's test exercises the same client, requests and responses a scan would.
 */
import { ScanClient } from '../../src/scan/http-client.js';
import { retrieve } from '../../src/scan/observatory/retrieve.js';
import type { CheckContext } from '../../src/scan/types.js';
import type { ScanSite } from '../servers/scan-site.js';

export interface ContextOptions {
  /** The scan's extra trusted CA (PEM). */
  ca?: string;
  budget?: number;
  now?: Date;
  /** Skip the retrieval (a check that must make every request itself). */
  noRetrieval?: boolean;
}

export async function scanContext(site: ScanSite, options: ContextOptions = {}): Promise<CheckContext> {
  const host = site.host;
  const client = new ScanClient({
    userAgent: 'trust-scan/test (+https://example.invalid/trust)',
    rate: 500,
    budget: options.budget ?? 200,
    timeoutMs: 5000,
    ca: options.ca,
    targets: [{ host, address: host, family: 4 }],
  });
  const httpsUrl = site.httpsPort ? `https://${host}:${site.httpsPort}/` : `https://${host}:1/`;
  const httpUrl = site.httpPort ? `http://${host}:${site.httpPort}/` : undefined;
  const retrieval = options.noRetrieval
    ? { host }
    : await retrieve(client, { host, httpsUrl, httpUrl, inScope: (u) => u.hostname === host });
  return {
    asset: {
      url: httpsUrl.replace(/\/$/, ''),
      env: 'dev',
      owner: 'test',
      criticality: 'low',
      tokenSha256: '0'.repeat(64),
      createdAt: new Date(0).toISOString(),
      allowPrivate: true,
    },
    client,
    httpsUrl,
    httpUrl,
    host,
    retrieval,
    now: options.now ?? new Date(),
    ca: options.ca,
  };
}
