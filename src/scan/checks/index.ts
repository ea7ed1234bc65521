/**
 * scan/checks: the checks `trust scan` runs besides the Observatory's ten tests, in the order
 * the report lists them. Each is a `Check` (scan/types.ts): it reads the scan's context, makes
 * its requests through the one pinned client, and returns findings with evidence. The TLS
 * check's handshakes are made once per context and shared with certificateFacts.
 */
import type { Check } from '../types.js';
import { BANNER_HEADERS, bannerCheck, bannerRuleId } from './banner.js';
import { directoryListingCheck } from './directory-listing.js';
import { EXPOSED_FILES, exposedFilesCheck } from './exposed-files.js';
import { SECURITY_TXT_RULES, securityTxtCheck } from './security-txt.js';
import { TLS_RULES, tlsCheck } from './tls.js';

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
  ...TLS_RULES.map((r) => `tls/${r}`),
  ...EXPOSED_FILES.map((f) => `exposed-files/${f.rule}`),
  ...SECURITY_TXT_RULES.map((r) => `security-txt/${r}`),
  ...[...BANNER_HEADERS, 'meta-generator'].map((h) => bannerRuleId(h)),
  'directory-listing/enabled',
];
