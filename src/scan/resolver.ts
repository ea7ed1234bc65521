/**
 * scan/resolver: the one place trust asks DNS anything. The server is configurable
 * (`--resolver 127.0.0.1:5353`) so verification and pinning are testable against a loopback
 * DNS server; without one, addresses come from the system (getaddrinfo) and TXT records from
 * the system's configured servers.
 */
import { lookup, Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';

export interface ScanResolver {
  /** Every address of a host (an IP literal resolves to itself). */
  addresses(host: string): Promise<string[]>;
  /** TXT records, each one's strings joined (RFC 7208 §3.3 style), as the owner meant them. */
  txt(name: string): Promise<string[]>;
}

export function createResolver(server?: string, timeoutMs = 5000): ScanResolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  if (server) resolver.setServers([server]);
  return {
    async addresses(host) {
      const bare = host.replace(/^\[|\]$/g, '');
      if (isIP(bare)) return [bare];
      if (!server) return (await lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
      const found: string[] = [];
      for (const query of [() => resolver.resolve4(bare), () => resolver.resolve6(bare)]) {
        try {
          found.push(...(await query()));
        } catch (error) {
          if (!isNoData(error)) throw error;
        }
      }
      return found;
    },
    async txt(name) {
      try {
        return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
      } catch (error) {
        if (isNoData(error)) return [];
        throw error;
      }
    },
  };
}

function isNoData(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENODATA' || code === 'ENOTFOUND';
}
