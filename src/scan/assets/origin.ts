/**
 * scan/assets/origin: what an asset is — an origin (scheme, host, port), nothing more. A path,
 * query or credentials in what the user typed is refused or dropped here, and so is a public
 * suffix ("co.uk", "github.io"): nobody can prove they own everything under one.
 */
import { parse } from 'tldts';
import { InputError } from '../../core/errors.js';

/** "Shop.Example.com/x" -> "https://shop.example.com"; "http://127.0.0.1:8080/" -> same origin. */
export function normalizeOrigin(input: string): string {
  const text = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InputError(`"${input}" is not a URL (give https://host or a host name)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InputError(`"${input}": only http and https assets can be scanned`);
  if (url.username || url.password)
    throw new InputError(`"${input}": an asset URL must not carry credentials`);
  if (!url.hostname) throw new InputError(`"${input}" has no host`);
  const facts = parse(url.hostname.replace(/^\[|\]$/g, ''), { allowPrivateDomains: true });
  if (!facts.isIp && facts.publicSuffix === facts.hostname && (facts.isIcann || facts.isPrivate))
    throw new InputError(`"${url.hostname}" is a public suffix; add a host you own under it`);
  return url.origin;
}

/** The host part of an asset URL as the resolver and the client want it (no brackets). */
export function hostOf(assetUrl: string): string {
  return new URL(assetUrl).hostname.replace(/^\[|\]$/g, '');
}
