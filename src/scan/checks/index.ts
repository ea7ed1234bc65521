/**
 * scan/checks: the checks `trust scan` runs besides the Observatory's ten tests, in the order
 * the report lists them. Each is a `Check` (scan/types.ts): it reads the scan's context, makes
 * its requests through the one pinned client, and returns findings with evidence.
 */
import type { Check } from '../types.js';
import { tlsCheck } from './tls.js';

export { certificateFacts } from './certificate.js';

export const CHECKS: Check[] = [tlsCheck];
