/** scan/user-agent: the one User-Agent every scan request carries; honest, never spoofed. */
import { projectUrl, trustVersion } from '../core/version.js';

/** "trust-scan/<version> (+<package.json homepage>)", so a site owner can see who is asking. */
export function scanUserAgent(): string {
  return `trust-scan/${trustVersion()} (+${projectUrl()})`;
}
