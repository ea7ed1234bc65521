/**
 * scan/checks: the checks `trust scan` runs besides the Observatory's ten tests, in the order
 * the report lists them. Each is a `Check` (scan/types.ts): it reads the scan's context, makes
 * its requests through the one pinned client, and returns findings with evidence. The TLS
 * check's handshakes are made once per context and shared with certificateFacts.
 */
import type { Check } from '../types.js';
import { bannerCheck } from './banner.js';
import { directoryListingCheck } from './directory-listing.js';
import { exposedFilesCheck } from './exposed-files.js';
import { securityTxtCheck } from './security-txt.js';
import { tlsCheck } from './tls.js';

export { certificateFacts } from './certificate.js';

export const CHECKS: Check[] = [
  tlsCheck,
  exposedFilesCheck,
  securityTxtCheck,
  bannerCheck,
  directoryListingCheck,
];

/** Every rule id a check here can report, for the compliance mapping and the SARIF rules. */
export const CHECK_RULE_IDS: readonly string[] = [
  ...['unavailable', 'tls1.0-accepted', 'tls1.1-accepted', 'no-tls1.2', 'certificate-expired'].map(
    (r) => `tls/${r}`,
  ),
  ...[
    'certificate-not-yet-valid',
    'certificate-expiring-30d',
    'certificate-expiring-60d',
    'hostname-mismatch',
    'certificate-self-signed',
    'certificate-untrusted',
  ].map((r) => `tls/${r}`),
  ...[
    'git-head',
    'git-config',
    'env',
    'svn-entries',
    'ds-store',
    'server-status',
    'phpinfo',
    'wp-config-backup',
  ].map((r) => `exposed-files/${r}`),
  ...[
    'missing',
    'no-contact',
    'invalid-contact',
    'no-expires',
    'multiple-expires',
    'invalid-expires',
    'expired',
    'expires-too-far',
    'duplicate-field',
    'canonical-mismatch',
    'malformed',
    'content-type',
    'signed',
    'unsigned',
    'legacy-location',
  ].map((r) => `security-txt/${r}`),
  ...[
    'server',
    'x-powered-by',
    'x-aspnet-version',
    'x-aspnetmvc-version',
    'x-generator',
    'x-backend-server',
    'meta-generator',
  ].map((r) => `banner/${r}-version`),
  'directory-listing/enabled',
];
