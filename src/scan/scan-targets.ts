/**
 * scan/scan-targets: where one asset's scan may go. Every host (the asset's own and the
 * hosts it lets redirects reach) is resolved ONCE, before anything else, and the answers are
 * pinned: ownership re-verification, the retrieval and every check then connect to those
 * addresses, so a DNS answer that changes mid-scan is never followed.
 */
import { InputError } from '../core/errors.js';
import type { ScanResolver } from './resolver.js';
import { type PinnedTarget, pinTarget } from './target.js';
import type { Asset } from './types.js';

export interface ScanTargets {
  host: string;
  /** "https://host[:port]/". */
  httpsUrl: string;
  /** "http://host[:port]/", unless the asset has no plain-HTTP front door. */
  httpUrl?: string;
  pinned: PinnedTarget[];
  /** True for a URL on one of the pinned hosts. */
  inScope(url: URL): boolean;
  /** A resolver that answers the pinned hosts from the pins and never asks DNS again for them. */
  resolver: ScanResolver;
}

export async function pinAsset(asset: Asset, resolver: ScanResolver): Promise<ScanTargets> {
  const origin = assetOrigin(asset);
  const host = bare(origin.hostname);
  const hosts = [host, ...(asset.followHosts ?? []).map((h) => bare(h.toLowerCase()))];
  const pinned: PinnedTarget[] = [];
  for (const name of new Set(hosts))
    pinned.push(await pinTarget(name, resolver, asset.allowPrivate === true));
  const { httpsUrl, httpUrl } = frontDoors(asset, origin);
  const names = new Set(pinned.map((p) => p.host));
  return {
    host,
    httpsUrl,
    ...(httpUrl ? { httpUrl } : {}),
    pinned,
    inScope: (url) =>
      (url.protocol === 'https:' || url.protocol === 'http:') && names.has(bare(url.hostname)),
    resolver: {
      async addresses(name) {
        const pin = pinned.find((p) => p.host === bare(name.toLowerCase()));
        return pin ? [pin.address] : resolver.addresses(name);
      },
      txt: (name) => resolver.txt(name),
    },
  };
}

/** The asset's origin (http or https); anything else is a configuration error. */
export function assetOrigin(asset: Asset): URL {
  let url: URL;
  try {
    url = new URL(asset.url);
  } catch {
    throw new InputError(`asset ${asset.url}: not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InputError(`asset ${asset.url}: an asset is an https:// or http:// origin`);
  return url;
}

/**
 * The two front doors the Observatory knocks on. For an https asset: its origin, and port 80
 * of the same host (or the asset's `httpPort`; none with `http: false` or when the origin names
 * a port and no httpPort is given). For an http asset: its origin, and HTTPS on the same port.
 */
function frontDoors(asset: Asset, origin: URL): { httpsUrl: string; httpUrl?: string } {
  const host = origin.hostname;
  if (origin.protocol === 'http:')
    return { httpsUrl: `https://${origin.host}/`, httpUrl: `http://${origin.host}/` };
  const httpsUrl = `https://${origin.host}/`;
  if (asset.http === false) return { httpsUrl };
  const port = asset.httpPort ?? (origin.port ? undefined : 80);
  if (port === undefined) return { httpsUrl };
  return { httpsUrl, httpUrl: port === 80 ? `http://${host}/` : `http://${host}:${port}/` };
}

function bare(host: string): string {
  return host.replace(/^\[|\]$/g, '');
}
