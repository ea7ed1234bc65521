/** scan/user-agent: the one User-Agent every scan request carries; honest, never spoofed. */
import { REPORT_BUGS_URL, trustVersion } from '../core/version.js';

export const PROJECT_URL = REPORT_BUGS_URL.replace(/\/issues$/, '');

export function scanUserAgent(): string {
  return `trust-scan/${trustVersion()} (+${PROJECT_URL})`;
}
