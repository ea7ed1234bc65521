/**
 * scan/target: which addresses a scan may reach. The host is resolved ONCE and the address
 * pinned for the whole scan (a later DNS answer is never asked for, so a rebinding to an
 * internal address between checks cannot happen). Private, loopback and link-local targets
 * are refused unless the asset explicitly allows them.
 */
import { BlockList, isIP } from 'node:net';
import { InputError } from '../core/errors.js';
import type { ScanResolver } from './resolver.js';

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

/** True for loopback, private, link-local, CGNAT, multicast and reserved addresses. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1]) return PRIVATE.check(mapped[1], 'ipv4');
    return PRIVATE.check(address, 'ipv6');
  }
  return PRIVATE.check(address, 'ipv4');
}

export interface PinnedTarget {
  host: string;
  address: string;
  family: 4 | 6;
}

/** Resolve and pin the host; refuse private targets the asset does not allow. */
export async function pinTarget(
  host: string,
  resolver: ScanResolver,
  allowPrivate: boolean,
): Promise<PinnedTarget> {
  let addresses: string[];
  try {
    addresses = await resolver.addresses(host);
  } catch (error) {
    throw new InputError(`cannot resolve ${host}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const address = addresses[0];
  if (!address) throw new InputError(`cannot resolve ${host}: no address`);
  // Every answer must be allowed: a mixed answer is how a rebinding attack starts.
  const blocked = addresses.find((a) => isPrivateAddress(a));
  if (blocked && !allowPrivate) {
    throw new InputError(
      `${host} resolves to the private or loopback address ${blocked}; set "allowPrivate": true on the asset to scan it`,
    );
  }
  return { host, address, family: isIP(address) === 6 ? 6 : 4 };
}
