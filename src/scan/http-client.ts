/**
 * scan/http-client: the only way a scan talks to a site. It enforces, in one place, what
 * SPEC §8 promises: GET, HEAD and OPTIONS only, never a body; the honest User-Agent; a
 * per-host rate limit and a request budget per scan; timeouts and a body-size cap; every
 * connection goes to the pinned address (target.ts), never a fresh DNS answer.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { rootCertificates, type TLSSocket } from 'node:tls';
import { PolicyError } from '../core/errors.js';
import type { PinnedTarget } from './target.js';
import { type Handshake, type HandshakeOptions, handshake } from './tls-handshake.js';

export type Method = 'GET' | 'HEAD' | 'OPTIONS';
const METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ClientOptions {
  userAgent: string;
  /** Requests per second per host. */
  rate: number;
  /** Requests per scan, all hosts together. */
  budget: number;
  timeoutMs: number;
  /** Bytes of body kept per response; the rest is not read. */
  maxBody?: number;
  /** Extra trusted CA certificates (PEM), besides the system's and NODE_EXTRA_CA_CERTS. */
  ca?: string;
  /** Every host name this scan may connect to, each with its pinned address. */
  targets: PinnedTarget[];
}

export interface Response {
  url: string;
  method: Method;
  status: number;
  /** Node's joined view: a repeated header is joined with ", " (set-cookie stays a list). */
  headers: IncomingHttpHeaders;
  /** Raw header lines in order, for evidence. */
  rawHeaders: [string, string][];
  body: string;
  /** False when the certificate did not verify and the request was retried without it. */
  verified: boolean;
  tlsError?: string;
  peerCertificate?: ReturnType<TLSSocket['getPeerCertificate']>;
  protocol?: string | null;
}

export interface LoggedCall {
  method: Method;
  url: string;
  status?: number;
  error?: string;
}

export class ScanClient {
  readonly log: LoggedCall[] = [];
  /** TLS handshakes without an HTTP request (the protocol probes); they count against the budget. */
  readonly handshakes: { url: string; versions: string; protocol?: string; error?: string }[] = [];
  private readonly nextSlot = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ClientOptions) {}

  get used(): number {
    return this.log.length + this.handshakes.length;
  }

  get remaining(): number {
    return this.options.budget - this.used;
  }

  /**
   * One TLS handshake to the pinned address, then close: no HTTP request is sent. Serialised
   * with the requests, so the rate limit and the budget hold for it too.
   */
  handshake(url: string, options: HandshakeOptions = {}): Promise<Handshake> {
    const run = this.queue.then(async () => {
      const target = new URL(url);
      const pinned = this.pinnedFor(target);
      if (this.used >= this.options.budget) {
        throw new BudgetError(`request budget of ${this.options.budget} exhausted`);
      }
      await this.waitForSlot(target.hostname);
      const entry: (typeof this.handshakes)[number] = {
        url: target.href,
        versions: `${options.minVersion ?? 'default'}..${options.maxVersion ?? 'default'}`,
      };
      this.handshakes.push(entry);
      const result = await handshake(target, pinned, {
        ...options,
        timeoutMs: this.options.timeoutMs,
        ca: this.options.ca ? withSystemRoots(this.options.ca) : undefined,
      });
      entry.protocol = result.protocol;
      entry.error = result.error;
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private pinnedFor(target: URL): PinnedTarget {
    const pinned = this.options.targets.find((t) => t.host === target.hostname.replace(/^\[|\]$/g, ''));
    if (!pinned) throw new PolicyError(`${target.hostname} is not a host of this scan`);
    return pinned;
  }

  /** One request; serialised so the rate limit holds per host. Throws when over budget. */
  send(method: Method, url: string, headers: Record<string, string> = {}): Promise<Response> {
    const run = this.queue.then(() => this.sendNow(method, url, headers));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async sendNow(method: Method, url: string, headers: Record<string, string>): Promise<Response> {
    if (!METHODS.has(method)) throw new PolicyError(`trust scan never sends ${method}`);
    const target = new URL(url);
    const pinned = this.pinnedFor(target);
    if (this.used >= this.options.budget) {
      throw new BudgetError(`request budget of ${this.options.budget} exhausted`);
    }
    await this.waitForSlot(target.hostname);
    const entry: LoggedCall = { method, url };
    this.log.push(entry);
    try {
      let response: Response;
      try {
        response = await this.exchange(method, target, pinned, headers, true);
      } catch (error) {
        if (target.protocol !== 'https:' || !isTlsError(error)) throw error;
        // Like the Observatory: retry without verification so the headers are still graded,
        // and remember that the certificate failed (HSTS and redirection then fail).
        if (this.used >= this.options.budget) throw error;
        await this.waitForSlot(target.hostname);
        this.log.push({ method, url });
        response = await this.exchange(method, target, pinned, headers, false);
        response.verified = false;
        response.tlsError = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      }
      entry.status = response.status;
      return response;
    } catch (error) {
      entry.error = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw error;
    }
  }

  private async waitForSlot(host: string): Promise<void> {
    const gap = 1000 / this.options.rate;
    const now = performance.now();
    const slot = Math.max(now, this.nextSlot.get(host) ?? 0);
    this.nextSlot.set(host, slot + gap);
    if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
  }

  private exchange(
    method: Method,
    target: URL,
    pinned: PinnedTarget,
    headers: Record<string, string>,
    verify: boolean,
  ): Promise<Response> {
    const lookup: LookupFunction = (_host, options, callback) => {
      if ((options as { all?: boolean }).all) {
        (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
          { address: pinned.address, family: pinned.family },
        ]);
      } else callback(null, pinned.address, pinned.family);
    };
    const https = target.protocol === 'https:';
    const maxBody = this.options.maxBody ?? 1_000_000;
    return new Promise<Response>((resolve, reject) => {
      const req = (https ? httpsRequest : httpRequest)(
        target,
        {
          method,
          lookup,
          agent: false,
          timeout: this.options.timeoutMs,
          headers: { 'user-agent': this.options.userAgent, ...headers },
          ...(https
            ? {
                rejectUnauthorized: verify,
                servername: isIpLiteral(pinned.host) ? undefined : pinned.host,
                ...(this.options.ca ? { ca: withSystemRoots(this.options.ca) } : {}),
              }
            : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const socket = res.socket as TLSSocket;
          const tls = https
            ? { cert: socket.getPeerCertificate?.(true), protocol: socket.getProtocol?.() }
            : {};
          const finish = () =>
            resolve({
              url: target.href,
              method,
              status: res.statusCode ?? 0,
              headers: res.headers,
              rawHeaders: pairs(res.rawHeaders),
              body: Buffer.concat(chunks).toString('utf8'),
              verified: true,
              peerCertificate: tls.cert,
              protocol: tls.protocol,
            });
          res.on('data', (chunk: Buffer) => {
            if (size >= maxBody) return;
            chunks.push(chunk.subarray(0, maxBody - size));
            size += chunk.length;
            if (size >= maxBody) {
              res.destroy();
              finish();
            }
          });
          res.on('end', finish);
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end();
    });
  }
}

export class BudgetError extends PolicyError {}

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}

function isIpLiteral(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

function withSystemRoots(extra: string): string[] {
  // `ca` replaces the default roots; keep them so a public certificate still verifies.
  return [...rootCertificates, extra];
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'HOSTNAME_MISMATCH',
]);

export function isTlsError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && TLS_CODES.has(code);
}
