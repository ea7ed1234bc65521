/**
 * test/servers/scan-site: a loopback web site for `trust scan` tests, speaking real HTTP/1.1
 * on one port and real TLS (a certificate from test-ca.ts) on another. Each test gives a
 * `handle` function that answers by scheme and path; every request is logged (method, path,
 * User-Agent, time) so a test can check what the scanner sent.
 */
import {
  createServer as createHttp,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SecureVersion } from 'node:tls';

export interface Reply {
  status?: number;
  /** Ordered header lines; a repeated name sends the header twice. */
  headers?: [string, string][];
  body?: string;
  /** Drop the connection without answering (a port that does not speak HTTP). */
  destroy?: boolean;
}

export type Handler = (request: {
  scheme: 'http' | 'https';
  path: string;
  method: string;
  headers: IncomingMessage['headers'];
}) => Reply;

export interface LoggedRequest {
  scheme: 'http' | 'https';
  method: string;
  path: string;
  userAgent: string | undefined;
  atMs: number;
  headers: IncomingMessage['headers'];
}

export interface ScanSite {
  host: string;
  httpPort: number;
  httpsPort: number;
  log: LoggedRequest[];
  /** Replace the handler (one site serves many configurations in turn). */
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}

export interface SiteOptions {
  host?: string;
  httpPort?: number;
  httpsPort?: number;
  tls?: {
    certPem: string;
    keyPem: string;
    /** Protocol range and OpenSSL cipher string, e.g. TLSv1 with "DEFAULT:@SECLEVEL=0". */
    minVersion?: SecureVersion;
    maxVersion?: SecureVersion;
    ciphers?: string;
  };
  /** Serve no plain HTTP at all. */
  noHttp?: boolean;
}

export async function startScanSite(handler: Handler, options: SiteOptions = {}): Promise<ScanSite> {
  const host = options.host ?? '127.0.0.1';
  const log: LoggedRequest[] = [];
  let current = handler;
  const listener = (scheme: 'http' | 'https') => (req: IncomingMessage, res: ServerResponse) => {
    log.push({
      scheme,
      method: req.method ?? '',
      path: req.url ?? '',
      userAgent: req.headers['user-agent'],
      atMs: performance.now(),
      headers: req.headers,
    });
    req.resume();
    let reply: Reply;
    try {
      reply = current({ scheme, path: req.url ?? '/', method: req.method ?? 'GET', headers: req.headers });
    } catch (error) {
      reply = { status: 500, body: String(error) };
    }
    if (reply.destroy) {
      req.socket.destroy();
      return;
    }
    const lines: string[] = [];
    for (const [name, value] of reply.headers ?? []) lines.push(name, value);
    res.writeHead(reply.status ?? 200, lines);
    res.end(req.method === 'HEAD' ? undefined : (reply.body ?? ''));
  };
  const servers: Server[] = [];
  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
    });
  let httpPort = 0;
  if (!options.noHttp) {
    const http = createHttp(listener('http'));
    servers.push(http);
    httpPort = await listen(http, options.httpPort ?? 0);
  }
  let httpsPort = 0;
  if (options.tls) {
    const { certPem, keyPem, ...protocol } = options.tls;
    const https = createHttps({ cert: certPem, key: keyPem, ...protocol }, listener('https'));
    servers.push(https);
    httpsPort = await listen(https, options.httpsPort ?? 0);
  }
  return {
    host,
    httpPort,
    httpsPort,
    log,
    setHandler(h) {
      current = h;
    },
    close: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections?.();
              s.close(() => resolve());
            }),
        ),
      ).then(() => undefined),
  };
}
