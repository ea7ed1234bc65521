/**
 * test/scan/graded-site: one loopback site (HTTP and HTTPS with a test CA) that serves a
 * SiteConfig and returns what trust's Observatory made of it: the real retrieval over the wire
 * and gradeRetrieval's result. The report tests and the algorithm-5 goldens use it; the
 * HTTP port's redirects name the HTTPS port, so no privileged ports are needed.
 */
import { ScanClient } from '../../src/scan/http-client.js';
import { type Algorithm, gradeRetrieval, type ObservatoryResult } from '../../src/scan/observatory/index.js';
import { type Retrieval, retrieve } from '../../src/scan/observatory/retrieve.js';
import { type ScanSite, startScanSite } from '../servers/scan-site.js';
import { createTestCa } from '../servers/test-ca.js';
import { handlerFor, type SiteConfig } from './observatory-configs.js';

export interface Graded {
  retrieval: Retrieval;
  result: ObservatoryResult;
}

export interface GradedSite {
  site: ScanSite;
  httpsUrl: string;
  httpUrl: string;
  grade(config: SiteConfig, algorithm: Algorithm): Promise<Graded>;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startGradedSite(): Promise<GradedSite> {
  const ca = createTestCa();
  const site = await startScanSite(() => ({ status: 500 }), { host: HOST, tls: ca.issue({ ips: [HOST] }) });
  const httpsUrl = `https://${HOST}:${site.httpsPort}/`;
  const httpUrl = `http://${HOST}:${site.httpPort}/`;
  return {
    site,
    httpsUrl,
    httpUrl,
    async grade(config, algorithm) {
      const handler = handlerFor(config, `${HOST}:${site.httpsPort}`);
      // handlerFor names one host for both schemes; on unprivileged ports the plain-HTTP hop
      // of 'http-hop' must name the HTTP port.
      site.setHandler((request) =>
        request.scheme === 'http' && config.http === 'http-hop' && request.path === '/'
          ? { status: 301, headers: [['Location', `${httpUrl}next`]] }
          : handler(request),
      );
      const client = new ScanClient({
        userAgent: 'trust-scan/test (+https://trust.dev)',
        rate: 100,
        budget: 40,
        timeoutMs: 10_000,
        ca: ca.certPem,
        targets: [{ host: HOST, address: HOST, family: 4 }],
      });
      const retrieval = await retrieve(client, {
        host: HOST,
        httpsUrl,
        httpUrl,
        inScope: (u) => u.hostname === HOST,
      });
      return { retrieval, result: gradeRetrieval(retrieval, algorithm) };
    },
    close: () => site.close(),
  };
}
