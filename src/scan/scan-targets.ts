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
  const httpsUrl = `https://${origin.host}/`;
  const httpUrl = httpFrontDoor(asset, origin);
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

/** The asset's HTTPS origin; an asset whose url is not one is a configuration error. */
export function assetOrigin(asset: Asset): URL {
  let url: URL;
  try {
    url = new URL(asset.url);
  } catch {
    throw new InputError(`asset ${asset.url}: not a URL`);
  }
  if (url.protocol !== 'https:') throw new InputError(`asset ${asset.url}: an asset is an https:// origin`);
  return url;
}

/**
 * The plain-HTTP front door: port 80 of the same host (the Observatory's rule), or the port
 * the asset names (`httpPort`, for a site served on non-standard ports); none with `http: false`.
 */
function httpFrontDoor(asset: Asset, origin: URL): string | undefined {
  if (asset.http === false) return undefined;
  const port = asset.httpPort ?? (origin.port ? undefined : 80);
  if (port === undefined) return undefined;
  return port === 80 ? `http://${origin.hostname}/` : `http://${origin.hostname}:${port}/`;
}

function bare(host: string): string {
  return host.replace(/^\[|\]$/g, '');
}
